"""The one start of an edit (renda.core.locking.locked_for_edit): the row locked, who may not edit it refused
first, then the version the writer read checked."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from renda.core.errors import ConflictError
from renda.core.locking import MISSING, UNCHECKED, locked_for_edit


class _Rows:
    """What `model.objects.select_for_update().get(pk=…)` needs: the one row, handed out locked."""

    def __init__(self, row):
        self.row = row
        self.locked = False

    def select_for_update(self):
        self.locked = True
        return self

    def get(self, pk):
        assert pk == self.row.pk
        return self.row


@pytest.fixture
def model():
    return SimpleNamespace(objects=_Rows(SimpleNamespace(pk=7, lock_version=3, owner="甲")))


def _owner(actor, row):
    return actor == row.owner


def test_the_locked_row_when_allowed_and_the_version_is_current(model):
    stale = SimpleNamespace(pk=7, lock_version=2)  # what the caller holds may be older than the locked row
    row = locked_for_edit(model, stale, actor="甲", lock_version="3", allowed=_owner, refused="不能修改。")
    assert row is model.objects.row and model.objects.locked
    assert locked_for_edit(model, stale, actor="甲", lock_version=UNCHECKED, allowed=_owner, refused="不能修改。") is row


def test_a_refusal_comes_before_the_version_check(model):
    with pytest.raises(PermissionDenied, match="您没有修改的权限。"):
        locked_for_edit(model, model.objects.row, actor="乙", lock_version=None, allowed=_owner,
                        refused="您没有修改的权限。")


def test_a_callable_refusal_makes_the_error_from_the_locked_row(model):
    def refusal(row):
        return ValueError(f"第{row.pk}号不能修改")

    with pytest.raises(ValueError, match="第7号不能修改"):
        locked_for_edit(model, model.objects.row, actor="乙", lock_version=3, allowed=_owner, refused=refusal)


def test_a_stale_or_missing_version_is_a_conflict(model):
    with pytest.raises(ConflictError):
        locked_for_edit(model, model.objects.row, actor="甲", lock_version=2, allowed=_owner, refused="不能修改。")
    with pytest.raises(ConflictError, match=MISSING):
        locked_for_edit(model, model.objects.row, actor="甲", lock_version="", allowed=_owner, refused="不能修改。")
