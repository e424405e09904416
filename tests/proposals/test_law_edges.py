"""PR-MOTION-PROPOSER at its edges: 代表十人以上联名 counts ten distinct deputies serving on the day (组织法 第二十二条第二款)."""

import datetime as dt

import pytest
import time_machine

from renda.core.errors import RuleViolation
from renda.core.models import Term
from renda.deputies.models import Deputy
from renda.proposals import services

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


def motion(c, actor, lead, cosigners):
    return services.proposal_submit(actor=actor, kind="motion", title="关于综合治理水环境的议案", content="内容" * 10,
                                    grounds="案据", solution="方案", lead_deputy=lead, cosigners=cosigners,
                                    received_on=DAY)


@time_machine.travel(NOW, tick=False)
def test_a_deputy_listing_themself_as_cosigner_is_counted_once(cast):
    c = cast
    own = Deputy.objects.get(congress=c.congress, person=c.deputy.person)
    others = [d for d in c.city.deputies if d.pk != own.pk]
    with pytest.raises(RuleViolation) as exc:  # 9 distinct deputies although 10 names were given
        motion(c, c.deputy, None, [own, *others[:8]])
    assert exc.value.rule.id == "PR-MOTION-PROPOSER" and "当前只有 9 人" in exc.value.message
    with pytest.raises(RuleViolation):  # the same co-signer twice is one co-signer
        motion(c, c.clerk, own, [*others[:8], others[0]])
    assert motion(c, c.deputy, None, [own, *others[:9]]).lead_deputy_id == own.pk  # ten distinct: accepted


@time_machine.travel(NOW, tick=False)
def test_deputies_whose_mandate_ended_or_of_a_past_term_do_not_count(cast):
    c = cast
    deps = c.city.deputies
    lead, cosigners = deps[0], list(deps[1:10])  # exactly ten
    Deputy.objects.filter(pk=cosigners[0].pk).update(status=Deputy.Status.RESIGNED, ended_on=dt.date(2026, 10, 1))
    cosigners[0].refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        motion(c, c.clerk, lead, cosigners)
    assert "当前只有 9 人" in exc.value.message and cosigners[0].person.name in exc.value.message
    # a deputy of the previous term (it ended before the day) does not count either
    old_term = Term.objects.create(congress=c.congress, number=11, start_date=dt.date(2021, 1, 10),
                                   end_date=dt.date(2026, 1, 9))
    former = Deputy.objects.create(congress=c.congress, person=deps[10].person, term=old_term)
    with pytest.raises(RuleViolation):
        motion(c, c.clerk, lead, [*cosigners[1:], former])
    # one who resigned after the day still counted on the day
    Deputy.objects.filter(pk=cosigners[0].pk).update(ended_on=dt.date(2026, 11, 25))
    cosigners[0].refresh_from_db()
    assert motion(c, c.clerk, lead, cosigners).pk


def test_academic_discussion_and_product_presentations_are_flagged():
    """青岛条例 第十一条第一款第（四）项: "属于学术探讨、产品推介的" (not "为他人宣传、推销产品的")."""
    from renda.proposals.models import ExcludedFlag

    assert services.screen("关于新型净水设备产品推介的建议", "建议各区学校统一了解该净水设备的性能和价格。") == ["promotion"]
    assert services.screen("关于量子计算学术探讨的意见", "建议就量子纠缠的几种理论解释组织专家深入讨论。") == ["promotion"]
    assert ExcludedFlag.PROMOTION.label == "属于学术探讨、产品推介"
