"""Sign-ins, sign-outs and failed sign-ins reach the audit trail through renda.accounts.signals.

They moved there with the identity controls (lock-out counters, session records, second factor), so that one
receiver per signal does all of it; see docs/SECURITY.md "Identity and sessions".
"""
