"""Work-plan volume for benchmarks: plans for every congress and year, items in every state."""

from __future__ import annotations

import datetime as dt
import random

from renda.core import audit
from renda.core.seeding import SeedContext
from renda.workplan.models import Category, ItemStatus, PlanStatus, PriorityTag, WorkPlan, WorkPlanItem
from renda.workplan.services import default_due_date

TITLES = {
    Category.LEGISLATION: "审议《{place}{topic}条例（草案）》",
    Category.SPECIAL_REPORT: "听取和审议关于{topic}工作情况的报告",
    Category.ENFORCEMENT: "开展{topic}法律法规执法检查",
    Category.INQUIRY: "围绕{topic}开展专题询问",
    Category.BUDGET: "审查{topic}相关预算执行情况",
    Category.FILING_REVIEW: "开展{topic}领域规范性文件备案审查",
    Category.RESEARCH: "{topic}专题调研",
    Category.PROPOSALS: "重点督办关于{topic}的代表建议",
    Category.DECISION: "作出关于{topic}的决定",
    Category.APPOINTMENT: "依法任免国家机关工作人员（{topic}）",
    Category.DEPUTIES: "组织代表开展{topic}专题视察",
    Category.SELF_BUILDING: "举办{topic}专题培训班",
    Category.EXCHANGE: "开展{topic}对外交流",
    Category.PUBLICITY: "做好{topic}宣传",
}
TOPICS = ["海绵城市建设", "水环境治理", "大气污染防治", "义务教育", "公立医院改革", "养老服务", "营商环境", "科技创新",
          "乡村振兴", "历史文化保护", "城市管理", "食品安全", "安全生产", "就业创业", "住房保障", "交通基础设施",
          "数字政府", "公共文化服务", "司法体制改革", "社会治安", "国有资产管理", "政府债务", "生态保护", "物业管理"]


def generate(ctx: SeedContext) -> dict:
    rng = random.Random(2026)
    total_items = 0
    years = list(range(ctx.current_year - ctx.scale.plan_years + 1, ctx.current_year + 1))
    bar = ctx.bar("工作要点事项", sum(
        len(years) * (ctx.scale.main_items_per_plan if b is ctx.main else ctx.scale.other_items_per_plan)
        for b in ctx.all))
    categories = list(Category.values)
    for built in ctx.all:
        congress = built.congress
        per_plan = ctx.scale.main_items_per_plan if built is ctx.main else ctx.scale.other_items_per_plan
        tags = PriorityTag.objects.bulk_create(
            [PriorityTag(congress=congress, name=n, order=i) for i, n in enumerate(
                ["重大项目建设", "供给侧结构性改革", "创新驱动发展", "现代化基础设施和产业体系", "生态建设和环境保护",
                 "脱贫攻坚"])])
        bodies = list(built.bodies.values())
        units = list({u.pk: u for u in built.units.values()}.values())
        vcs = built.vice_chairs
        plans = WorkPlan.objects.bulk_create([
            WorkPlan(congress=congress, year=y, title=f"{congress.standing_committee_name}{y}年工作要点",
                     status=PlanStatus.ISSUED, current_version=1, issued_on=dt.date(y, 2, 10),
                     doc_number=f"{congress.doc_prefix}发〔{y}〕3号")
            for y in years
        ])
        for plan in plans:
            items = []
            for n in range(1, per_plan + 1):
                cat = categories[n % len(categories)]
                month = 1 + (n * 7) % 12
                if plan.year < ctx.current_year:
                    status = ItemStatus.COMPLETED if rng.random() < 0.92 else ItemStatus.CANCELLED
                else:
                    status = rng.choice([ItemStatus.COMPLETED, ItemStatus.COMPLETED, ItemStatus.IN_PROGRESS,
                                         ItemStatus.PLANNED]) if month <= 11 else ItemStatus.PLANNED
                due = default_due_date(plan.year, month)
                items.append(WorkPlanItem(
                    congress=congress, plan=plan, number=n, category=cat,
                    title=TITLES[cat].format(place=congress.city_name, topic=rng.choice(TOPICS)),
                    description="围绕中心、服务大局，依法开展工作。",
                    vice_chair=vcs[n % len(vcs)], lead_body=bodies[n % len(bodies)],
                    counterpart=units[n % len(units)] if cat != Category.SELF_BUILDING else None,
                    planned_month=month, due_date=due, status=status,
                    result="已按计划完成。" if status == ItemStatus.COMPLETED else "",
                    completed_on=due if status == ItemStatus.COMPLETED else None,
                ))
            created = WorkPlanItem.objects.bulk_create(items, batch_size=2000)
            through = WorkPlanItem.priorities.through
            through.objects.bulk_create(
                [through(workplanitem_id=i.pk, prioritytag_id=tags[i.number % len(tags)].pk) for i in created
                 if i.number % 3 == 0],
                batch_size=5000,
            )
            total_items += len(created)
            bar.update(len(created))
        audit.record(actor=None, action="seed", obj=congress, congress_id=congress.pk,
                     after={"workplans": len(plans), "items": per_plan * len(plans)}, note="批量数据")
    bar.close()
    return {"plans": len(years) * len(ctx.all), "items": total_items}
