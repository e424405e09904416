"""core.models helpers for declarations: a row owned by exactly one of two parents."""

import pytest
from django.core.exceptions import ValidationError

from renda.core.models import exactly_one_of


@pytest.mark.django_db
def test_exactly_one_of_takes_one_owner_not_both_nor_neither():
    from renda.supervision.models import Remark

    check = exactly_one_of("report", "inspection", name="t_one_owner")
    check.validate(Remark, Remark(report_id=1))
    check.validate(Remark, Remark(inspection_id=2))
    for bad in (Remark(), Remark(report_id=1, inspection_id=2)):
        with pytest.raises(ValidationError):
            check.validate(Remark, bad)


def test_the_supervision_rows_with_two_possible_owners_use_it():
    from renda.supervision.models import FollowUp, RectificationItem, Remark

    for model, first, second in ((Remark, "report", "inspection"), (FollowUp, "report", "inquiry"),
                                 (RectificationItem, "inspection", "report")):
        (declared,) = [c for c in model._meta.constraints if c.name.endswith(("_one_owner", "_one_source"))]
        assert declared.condition == exactly_one_of(first, second, name=declared.name).condition
