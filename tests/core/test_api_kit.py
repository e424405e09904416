"""The API helpers the modules share (renda.core.api_kit): a row a request refers to by id, only of its congress;
a page of a list, a reference, an attachment's download; and a workflow item's state (renda.core.api.state_out)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import Paginator
from django.http import Http404

from renda.core import attachments
from renda.core.api import state_out
from renda.core.api_kit import (
    attachment_download,
    congress_ref,
    congress_row,
    congress_rows,
    named_ref_out,
    page_out,
    ref_out,
)
from renda.core.models import Congress, Organization

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    a = Congress.objects.create(code="k-a", name="甲市人民代表大会", short_name="甲市人大", level=Congress.Level.CITY)
    b = Congress.objects.create(code="k-b", name="乙市人民代表大会", short_name="乙市人大", level=Congress.Level.CITY)
    mine = Organization.objects.create(congress=a, name="办公厅", kind=Organization.Kind.WORKING_BODY)
    theirs = Organization.objects.create(congress=b, name="办公厅", kind=Organization.Kind.WORKING_BODY)
    return a, mine, theirs


def test_row_of_this_congress_or_none(two):
    a, mine, theirs = two
    assert congress_row(Organization, a.pk, mine.pk) == mine
    assert congress_row(Organization, a.pk, theirs.pk) is None  # another congress's row answers as a missing one
    assert congress_row(Organization, a.pk, 2**53) is None
    assert congress_row(Organization, a.pk, None) is None


def test_ref_is_none_when_not_sent_and_422_naming_the_field_when_not_ours(two):
    a, mine, theirs = two
    assert congress_ref(Organization, a.pk, None, "lead_body") is None
    assert congress_ref(Organization, a.pk, mine.pk, "lead_body") == mine
    with pytest.raises(ValidationError) as refused:
        congress_ref(Organization, a.pk, theirs.pk, "lead_body")
    assert refused.value.message_dict == {"lead_body": [f"{Organization._meta.verbose_name}不存在或不属于本人大。"]}


def test_rows_all_of_this_congress_or_422_naming_the_field(two):
    a, mine, theirs = two
    assert congress_rows(Organization, a.pk, [mine.pk, mine.pk], "organ_ids") == [mine]  # a repeated id is one row
    with pytest.raises(ValidationError) as refused:
        congress_rows(Organization, a.pk, [mine.pk, theirs.pk], "organ_ids")
    assert refused.value.message_dict == {"organ_ids": [f"{Organization._meta.verbose_name}不存在或不属于本人大。"]}


def test_page_out_counts_the_whole_list_and_keeps_the_items_given():
    page = Paginator(list(range(45)), 20).page(3)
    assert page_out(page, ["x"]) == {"count": 45, "page": 3, "pages": 3, "items": ["x"]}


def test_ref_out_names_by_str_and_named_ref_out_by_full_name(two):
    _, mine, _ = two
    mine.short_name = "办"
    assert ref_out(mine) == {"id": mine.pk, "name": "办"}
    assert named_ref_out(mine) == {"id": mine.pk, "name": "办公厅"}
    assert named_ref_out(SimpleNamespace(pk=7)) == {"id": 7, "name": "namespace(pk=7)"}  # no name: its str
    assert ref_out(None) is None and named_ref_out(None) is None


def test_attachment_download_only_of_its_owner(two):
    a, mine, _ = two
    user = get_user_model().objects.create_user("kit-clerk", password="pw-0123456789", congress=a)
    att = attachments.attach(actor=user, obj=mine, upload=SimpleUploadedFile("材料.png", PNG, content_type="image/png"))
    response = attachment_download(mine, att.pk)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    other = Organization.objects.create(congress=a, name="研究室", kind=Organization.Kind.WORKING_BODY)
    with pytest.raises(Http404):
        attachment_download(other, att.pk)  # an attachment of another owner is not this owner's
    with pytest.raises(Http404, match="没有找到该附件。"):
        attachment_download(mine, att.pk + 1000)


def test_state_out_is_the_state_with_its_label_and_the_steps_only_when_asked():
    asked = []
    workflow = SimpleNamespace(field="status", state_label={"draft": "草稿"}.get,
                               allowed_actions=lambda user, obj: asked.append((user, obj)) or [])
    obj = SimpleNamespace(pk=5, status="draft")
    assert state_out("u", obj, workflow) == {"id": 5, "status": "draft", "status_label": "草稿", "actions": []}
    assert asked == [("u", obj)]
    assert state_out("u", obj, workflow, with_actions=False)["actions"] == []
    assert asked == [("u", obj)]  # not asked for: the steps are not computed
