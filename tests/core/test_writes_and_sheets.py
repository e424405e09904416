"""The shared write step `writes.save_new` and the shared sheet head `spreadsheets.titled_sheet`."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from renda.core import writes
from renda.core.models import AuditEvent, Organization, Person
from renda.core.spreadsheets import HEADER_FILL_COLOR, titled_sheet

pytestmark = pytest.mark.django_db


def test_save_new_saves_runs_after_save_and_audits_the_creation(cast):
    seen = []
    person = Person(congress=cast.congress, name="测试人员", title="科员")
    out = writes.save_new(person, actor=cast.clerk, note="登记人员", after_save=lambda row: seen.append(row.pk),
                          snap=lambda row: {"name": row.name})
    assert out is person and person.pk is not None
    assert seen == [person.pk]
    event = AuditEvent.objects.filter(action="create", object_id=str(person.pk)).get()
    assert event.note == "登记人员"
    assert event.actor_id == cast.clerk.pk
    assert "测试人员" in str(event.changes)


def test_save_new_refuses_an_invalid_row_before_saving(cast):
    with pytest.raises(ValidationError):
        writes.save_new(Person(congress=cast.congress, name=""), actor=cast.clerk)
    assert not Person.objects.filter(congress=cast.congress, name="").exists()


def test_save_new_raises_the_duplicate_error_on_a_unique_clash(cast):
    existing = Organization.objects.filter(congress=cast.congress).first()
    twin = Organization(congress=cast.congress, name=existing.name, kind=existing.kind)
    clash = ValidationError({"name": "机构已经存在。"})
    before = AuditEvent.objects.count()
    with mock.patch.object(twin, "full_clean"), pytest.raises(ValidationError) as caught:
        writes.save_new(twin, actor=cast.clerk, duplicate=lambda: clash)
    assert caught.value is clash
    assert AuditEvent.objects.count() == before
    assert Organization.objects.filter(congress=cast.congress, name=existing.name).count() == 1  # still usable


def test_stripped_strips_the_texts_and_keeps_the_other_values():
    assert writes.stripped({"title": "  报告 ", "count": 3, "note": None, "blank": " "}) == {
        "title": "报告", "count": 3, "note": None, "blank": ""}
    assert writes.stripped({"summary": None, "count": None, "title": " 稿 "}, blank_none=True) == {
        "summary": "", "count": "", "title": "稿"}


def test_titled_sheet_writes_the_title_and_the_header_row():
    ws = Workbook().active
    titled_sheet(ws, "汇总表", [("编号", 6), ("标题", 40)], title_size=16)
    assert ws["A1"].value == "汇总表"
    assert ws["A1"].font.size == 16 and ws["A1"].font.bold
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:B1"]
    assert [ws["A2"].value, ws["B2"].value] == ["编号", "标题"]
    assert ws["B2"].font.bold and ws["B2"].fill.fgColor.rgb.endswith(HEADER_FILL_COLOR)
    assert ws.column_dimensions["B"].width == 40
    assert ws.freeze_panes == "A3"


def test_titled_sheet_can_leave_the_panes_unfrozen():
    ws = Workbook().active
    titled_sheet(ws, "意见", [("文本", 14)], freeze=False)
    assert ws.freeze_panes is None
