"""The step's own date: the optional field, reading it (today when empty), and the effect that records it."""

import datetime as dt
import types
import zoneinfo

import time_machine

from renda.core.workflow import DATE_INPUT, dated, or_today, step_date, step_date_field

NOON = dt.datetime(2026, 3, 5, 12, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def test_step_date_is_the_given_date_else_today():
    with time_machine.travel(NOON, tick=False):
        assert or_today(None) == dt.date(2026, 3, 5)
        assert or_today(dt.date(2024, 7, 1)) == dt.date(2024, 7, 1)
        assert step_date({}) == dt.date(2026, 3, 5)
        assert step_date({"on": None}) == dt.date(2026, 3, 5)
        assert step_date({"on": dt.date(2026, 2, 1)}) == dt.date(2026, 2, 1)
        assert step_date({"on": dt.date(2026, 2, 1)}, "decided_on") == dt.date(2026, 3, 5)
        assert step_date({"decided_on": dt.date(2026, 1, 9)}, "decided_on") == dt.date(2026, 1, 9)


def test_dated_sets_the_field_from_the_named_date():
    obj = types.SimpleNamespace(published_on=None)
    with time_machine.travel(NOON, tick=False):
        dated("published_on", "published_on")(obj, actor=None, note="")
        assert obj.published_on == dt.date(2026, 3, 5)
        dated("published_on", "published_on")(obj, actor=None, note="", published_on=dt.date(2025, 12, 31))
        assert obj.published_on == dt.date(2025, 12, 31)
        dated("published_on")(obj, on=dt.date(2026, 1, 2))
        assert obj.published_on == dt.date(2026, 1, 2)


def test_step_date_field_is_optional_and_says_so():
    field = step_date_field("审查日期")
    assert not field.required
    assert field.label == "审查日期"
    assert field.help_text == "不填为今天。"
    assert field.widget is not DATE_INPUT and field.widget.input_type == "date"
    assert field.clean("") is None
    assert field.clean("2026-03-05") == dt.date(2026, 3, 5)
