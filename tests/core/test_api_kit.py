"""The API helpers the modules share (renda.core.api_kit): a row a request refers to by id, only of its congress."""

import pytest
from django.core.exceptions import ValidationError

from renda.core.api_kit import congress_ref, congress_row
from renda.core.models import Congress, Organization

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
