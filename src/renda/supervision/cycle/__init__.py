"""The cycle every heard report, enforcement inspection and special inquiry goes through after the meeting:
members' remarks → the (deliberation or inquiry) opinions → hand-over → the organ's handling report → follow-up
(and, for reports, the satisfaction rating). One set of services, step effects and views serves all three."""
