"""Counting words of the law (民法典 第一千二百五十九条) and days before a meeting, without the database."""

import datetime as dt

import pytest

from renda.supervision import counting


@pytest.mark.parametrize(("count", "n", "ok"), [(4, 5, False), (5, 5, True), (6, 5, True), (2, 3, False), (3, 3, True)])
def test_n_or_more_includes_n(count, n, ok):
    assert counting.at_least(count, n) is ok


@pytest.mark.parametrize(("count", "total", "ok"), [(3, 6, False), (4, 6, True), (2, 5, False), (3, 5, True),
                                                     (0, 0, False), (1, 1, True), (1, 2, False)])
def test_more_than_half_excludes_exactly_half(count, total, ok):
    assert counting.more_than_half(count, total) is ok


@pytest.mark.parametrize(("count", "total", "ok"), [(2, 11, False), (3, 11, True), (9, 45, True), (8, 45, False),
                                                     (2, 10, True), (1, 10, False)])
def test_one_fifth_or_more_includes_one_fifth(count, total, ok):
    assert counting.at_least_fraction(count, total, 1, 5) is ok


@pytest.mark.django_db
def test_days_before_a_meeting_and_lateness():
    # the strict default of rule CAL-BEFORE: twenty whole days between arrival and meeting (2026-09-10 … 09-29);
    # both readings at their edges: tests/supervision/test_law_edges.py
    meeting = dt.date(2026, 9, 30)
    due = counting.days_before(None, meeting, 20)
    assert due == dt.date(2026, 9, 9)
    assert not counting.is_late(meeting - dt.timedelta(days=21), due)  # arrives 21 days before: on time
    assert counting.is_late(meeting - dt.timedelta(days=20), due)  # 20 days before: late by one day
    assert counting.days_late(meeting - dt.timedelta(days=20), due) == 1
    assert counting.days_before(None, None, 20) is None and not counting.is_late(meeting, None)
