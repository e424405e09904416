"""The selector shapes every module shares (renda.core.selectors): the rows a permissions filter lets a user see,
one of them or 404 (the same answer whether missing or forbidden), a row seen through its parent, the object a form
acts on, and what an API PATCH sent."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404

from renda.core.models import Congress
from renda.core.selectors import (
    acting_on,
    narrow,
    one_or_404,
    one_within,
    patch_fields,
    visible,
    visible_once,
    visible_one,
)

pytestmark = pytest.mark.django_db



@pytest.fixture
def rows():
    upper = Congress.objects.create(code="t-up", name="甲省人民代表大会", short_name="甲省人大",
                                    level=Congress.Level.PROVINCE)
    a = Congress.objects.create(code="t-a", name="甲市人民代表大会", short_name="甲市人大",
                                level=Congress.Level.CITY, parent=upper)
    b = Congress.objects.create(code="t-b", name="乙市人民代表大会", short_name="乙市人大",
                                level=Congress.Level.CITY, parent=upper)
    return SimpleNamespace(upper=upper, a=a, b=b)


def test_visible_filters_a_model_or_a_queryset(rows):
    assert set(visible(Congress, Q(code="t-a"))) == {rows.a}
    cities = Congress.objects.filter(level=Congress.Level.CITY)
    assert set(visible(cities, Q(code__in=["t-a", "t-up"]))) == {rows.a}


def test_no_filter_means_nothing_and_no_query(rows, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(visible(Congress, None)) == []
        assert list(visible(Congress.objects.filter(level=Congress.Level.CITY), None).select_related("parent")) == []


def test_visible_once_lists_a_row_once_however_many_joined_rows_match(rows, django_assert_num_queries):
    through_children = Q(children__level=Congress.Level.CITY)  # the province matches once for each of its cities
    assert [c.pk for c in visible(Congress, through_children)] == [rows.upper.pk, rows.upper.pk]
    assert list(visible_once(Congress, through_children)) == [rows.upper]
    with django_assert_num_queries(0):
        assert list(visible_once(Congress, None)) == []


def test_one_or_404_the_same_answer_for_missing_and_forbidden(rows):
    qs = visible(Congress, Q(level=Congress.Level.CITY))
    assert one_or_404(qs, rows.a.pk, "没有找到。") == rows.a
    for pk in (rows.upper.pk, 10**9):  # forbidden, missing
        with pytest.raises(Http404) as exc:
            one_or_404(qs, pk, "没有找到该人大。")
        assert str(exc.value) == "没有找到该人大。"
    with pytest.raises(Http404):
        visible_one(Congress, None, rows.a.pk, "没有找到该人大。")
    assert visible_one(Congress, Q(code="t-b"), rows.b.pk, "没有找到该人大。") == rows.b


def test_one_within_needs_the_parent_visible(rows):
    children = Congress.objects.all()
    parents = Congress.objects.filter(code="t-up")
    assert one_within(children, rows.a.pk, parents, "parent_id", "没有找到。") == rows.a
    with pytest.raises(Http404, match="没有找到该下级人大。"):
        one_within(children, rows.a.pk, Congress.objects.none(), "parent_id", "没有找到该下级人大。")
    with pytest.raises(Http404, match="没有找到该下级人大。"):  # the parent visible, a further check refuses
        one_within(children, rows.a.pk, parents, "parent_id", "没有找到该下级人大。", also=lambda c: c.code == "t-b")
    assert one_within(children, rows.b.pk, parents, "parent_id", "没有找到。", also=lambda c: c.code == "t-b") == rows.b


def test_narrow_leaves_out_the_filters_left_empty(rows):
    cities = Congress.objects.filter(code__startswith="t-")
    assert set(narrow(cities, level="", code=None, parent_id=0)) == {rows.upper, rows.a, rows.b}
    assert set(narrow(cities, level=Congress.Level.CITY, code="")) == {rows.a, rows.b}
    assert set(narrow(cities, level=Congress.Level.CITY, code="t-b")) == {rows.b}


def test_acting_on_loads_then_asks_the_permission(rows):
    def loader(user, pk):
        return one_or_404(Congress.objects.filter(level=Congress.Level.CITY), pk, "没有找到该人大。")

    user = SimpleNamespace(role="office")
    assert acting_on(user, loader, rows.a.pk, lambda u, c: u.role == "office", "您没有权限。") == rows.a
    with pytest.raises(PermissionDenied, match="您没有修改该人大的权限。"):
        acting_on(user, loader, rows.a.pk, lambda u, c: False, "您没有修改该人大的权限。")
    with pytest.raises(Http404):  # not visible: 404 before any permission is asked
        acting_on(user, loader, rows.upper.pk, lambda u, c: pytest.fail("asked"), "您没有权限。")


class _Payload:
    def __init__(self, **sent):
        self.sent = sent

    def dict(self, exclude_unset=False):
        assert exclude_unset
        return dict(self.sent)


def test_patch_fields_splits_the_lock_and_refuses_emptied_fields():
    data, lock = patch_fields(_Payload(title="新标题", note=None, lock_version=3), not_null=("title", "text"))
    assert (data, lock) == ({"title": "新标题", "note": None}, 3)
    with pytest.raises(ValidationError) as exc:
        patch_fields(_Payload(title=None, lock_version=3), not_null=("title", "text"))
    assert exc.value.message_dict == {"title": ["该项不能为空。"]}
