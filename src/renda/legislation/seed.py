"""Legislation volume for benchmarks (`renda seed`): plans, bills in every stage, versions, readings, comments.

Volumes per congress: the main congress gets `bills_per_year` bills for each plan year and the scale's public
comments spread over its bills' comment periods; every other congress a handful of bills and a few hundred
comments. Written with bulk_create (no services, one "seed" audit record per congress), like every generator.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from renda.core import audit
from renda.core.models import Organization
from renda.core.seeding import SeedContext
from renda.legislation.models import (
    Bill,
    BillComment,
    BillReading,
    BillStatus,
    BillVersion,
    BillVote,
    CommentPeriod,
    CommentSource,
    ContactPoint,
    LegislativePlan,
    PeriodStatus,
    PlanProject,
    PlanStatus,
    ProjectKind,
    ProposerKind,
    Stage,
)
from renda.statutes import int_to_cn, parse_text

TOPICS = [
    ("城市市容和环境卫生管理", "城乡建设与管理"), ("物业管理", "城乡建设与管理"), ("养犬管理", "城乡建设与管理"),
    ("城市绿化", "生态文明建设"), ("水环境保护", "生态文明建设"), ("大气污染防治", "生态文明建设"),
    ("历史文化名城保护", "历史文化保护"), ("传统村落保护", "历史文化保护"), ("非物质文化遗产保护", "历史文化保护"),
    ("社区治理", "基层治理"), ("文明行为促进", "基层治理"), ("海绵城市建设管理", "城乡建设与管理"),
    ("电动自行车管理", "城乡建设与管理"), ("湿地保护", "生态文明建设"), ("烟花爆竹燃放管理", "城乡建设与管理"),
]
CHAPTERS = ["总则", "规划与建设", "管理与维护", "保护与利用", "监督检查", "法律责任", "附则"]
SENTENCES = [
    "{subject}应当坚持统筹规划、分类管理、社会参与的原则。",
    "市人民政府应当加强对{topic}工作的领导，建立协调机制，所需经费列入本级财政预算。",
    "市{dept}主管本市{topic}工作，区人民政府确定的部门负责本辖区内的具体管理工作。",
    "任何单位和个人不得擅自改变{subject}的用途；确需改变的，应当依法办理审批手续。",
    "违反本条例规定的，由有关部门责令限期改正；逾期不改正的，处二千元以上二万元以下罚款。",
    "有关部门应当建立信息共享机制，及时公开{topic}相关信息，接受社会监督。",
    "鼓励公民、法人和其他组织通过捐赠、志愿服务等方式参与{topic}工作。",
    "街道办事处、乡镇人民政府应当配合做好辖区内的{topic}工作，指导居民委员会、村民委员会开展相关活动。",
]


def synthetic_text(title: str, topic: str, n_articles: int, rng: random.Random, variant: int = 0) -> str:
    """A plausible draft of n articles in chapters; later variants change, add and drop some articles."""
    per_chapter = max(2, n_articles // len(CHAPTERS))
    lines = [title, ""]
    num = 0
    for ci, chapter in enumerate(CHAPTERS):
        lines += [f"第{int_to_cn(ci + 1)}章 {chapter}", ""]
        count = per_chapter if ci < len(CHAPTERS) - 1 else max(1, n_articles - num)
        for k in range(count):
            if num >= n_articles and ci < len(CHAPTERS) - 1:
                break
            num += 1
            if num == 1:
                body = f"为了加强{topic}，根据有关法律、法规，结合本市实际，制定本条例。"
            elif ci == len(CHAPTERS) - 1 and k == count - 1:
                body = "本条例自2027年1月1日起施行。"
            else:
                body = rng.choice(SENTENCES).format(subject="相关设施", topic=topic, dept=rng.choice(
                    ["城市管理局", "住房和城乡建设局", "生态环境局", "文化和旅游局", "民政局"]))
                if variant and (num * 7 + variant) % 5 == 0:
                    body = body.replace("应当", "应当依法") + "具体办法由市人民政府制定。"
            lines += [f"第{int_to_cn(num)}条 {body}", ""]
    return "\n".join(lines)


# (status, readings, versions, has comment period)
STAGE_MIX = [
    (BillStatus.PROPOSED, 0), (BillStatus.ON_AGENDA, 0), (BillStatus.IN_DELIBERATION, 1),
    (BillStatus.IN_DELIBERATION, 2), (BillStatus.VOTE_PENDING, 3), (BillStatus.AWAITING_APPROVAL, 3),
    (BillStatus.APPROVED, 3), (BillStatus.PROMULGATED, 3), (BillStatus.FILED, 3), (BillStatus.FILED, 3),
    (BillStatus.FILED, 3), (BillStatus.SHELVED, 2), (BillStatus.WITHDRAWN, 1), (BillStatus.NOT_LISTED, 0),
]
STAGES_BY_READINGS = {0: [Stage.DRAFT], 1: [Stage.DRAFT, Stage.SECOND], 2: [Stage.DRAFT, Stage.SECOND, Stage.THIRD],
                      3: [Stage.DRAFT, Stage.SECOND, Stage.THIRD, Stage.FINAL]}


def _version(congress, bill, stage, text, created_by=None) -> BillVersion:
    st = parse_text(text)
    return BillVersion(congress=congress, bill=bill, stage=stage, title=st.title, text=text,
                       explanation=f"关于《{bill.title}（{Stage(stage).label}）》的说明。", explanation_title="说明",
                       article_count=len(st.articles()), parse_warnings=[str(w) for w in st.warnings],
                       published=stage in (Stage.SECOND, Stage.PROMULGATED))


def generate(ctx: SeedContext) -> dict:
    rng = random.Random(4)
    totals = {"plans": 0, "projects": 0, "bills": 0, "versions": 0, "comments": 0}
    years = list(range(ctx.current_year - ctx.scale.plan_years + 1, ctx.current_year + 1))
    bar = ctx.bar("立法", len(ctx.all))
    for built in ctx.all:
        main = built is ctx.main
        congress = built.congress
        bills_per_year = 8 if main else 2
        comment_budget = ctx.scale.public_comments if main else 200
        gov = built.organs["gov"]
        fzw = next((b for b in built.bodies.values() if b.name == "法制委员会"), None)
        committees = [b for b in built.bodies.values() if b.kind == Organization.Kind.SPECIAL_COMMITTEE]
        units = [u for u in {u.pk: u for u in built.units.values()}.values() if u.kind == Organization.Kind.GOV_DEPARTMENT]
        points = ContactPoint.objects.bulk_create([
            ContactPoint(congress=congress, name=f"{congress.city_name}第{i + 1}基层立法联系点", location=f"第{i + 1}街道",
                         order=i) for i in range(5 if main else 2)])
        plans = LegislativePlan.objects.bulk_create([
            LegislativePlan(congress=congress, year=y, title=f"{congress.standing_committee_name}{y}年立法计划",
                            status=PlanStatus.PUBLISHED, adopted_on=dt.date(y, 2, 20), published_on=dt.date(y, 3, 1))
            for y in years])
        totals["plans"] += len(plans)
        projects = []
        for plan in plans:
            for n in range(1, bills_per_year + 4):
                topic, area = TOPICS[(n + plan.year) % len(TOPICS)]
                kind = ProjectKind.FORMAL if n <= bills_per_year else rng.choice(
                    [ProjectKind.PREPARATORY, ProjectKind.RESEARCH])
                projects.append(PlanProject(congress=congress, plan=plan, number=n, kind=kind,
                                            title=f"{congress.city_name}{topic}条例", subject_area=area,
                                            drafting_unit=gov, lead_body=fzw))
        projects = PlanProject.objects.bulk_create(projects, batch_size=2000)
        totals["projects"] += len(projects)
        formal = [p for p in projects if p.kind == ProjectKind.FORMAL]
        bills = []
        for i, project in enumerate(formal):
            year = project.plan.year
            status, done = STAGE_MIX[(project.number - 1) % len(STAGE_MIX)]
            if year < ctx.current_year:  # earlier years: done, but for the odd shelved or withdrawn bill
                status, done = {5: (BillStatus.SHELVED, 2), 6: (BillStatus.WITHDRAWN, 1)}.get(
                    project.number % 7, (BillStatus.FILED, 3))
            submitted = dt.date(year, 1 + (i % 9), 10)
            gov_bill = i % 3 != 0
            b = Bill(congress=congress, year=year, number=project.number, title=project.title, project=project,
                     proposer_kind=ProposerKind.GOVERNMENT if gov_bill else ProposerKind.SPECIAL_COMMITTEE,
                     proposer_org=gov if gov_bill else committees[i % len(committees)],
                     submitted_on=submitted, subject_area=project.subject_area,
                     lead_committee=committees[i % len(committees)], status=status, readings_required=3)
            if status not in (BillStatus.PROPOSED, BillStatus.NOT_LISTED):
                b.agenda_decided_on = submitted + dt.timedelta(days=14)
            if done == 3 and status not in (BillStatus.VOTE_PENDING,):
                b.passed_on = submitted + dt.timedelta(days=150)
            if status in (BillStatus.AWAITING_APPROVAL, BillStatus.APPROVED, BillStatus.PROMULGATED, BillStatus.FILED):
                b.approval_submitted_on = b.passed_on + dt.timedelta(days=10)
            if status in (BillStatus.APPROVED, BillStatus.PROMULGATED, BillStatus.FILED):
                b.approved_on = b.approval_submitted_on + dt.timedelta(days=60)
            if status in (BillStatus.PROMULGATED, BillStatus.FILED):
                b.promulgated_on = b.approved_on + dt.timedelta(days=7)
                b.announcement_number = f"第{project.number}号"
                b.effective_on = b.promulgated_on + dt.timedelta(days=60)
            if status == BillStatus.FILED:
                b.filed_on = b.promulgated_on + dt.timedelta(days=12)
            if status == BillStatus.SHELVED:
                b.shelved_on = submitted + dt.timedelta(days=100)
            b._readings = done
            b._topic = TOPICS[(project.number + year) % len(TOPICS)][0]
            bills.append(b)
        created = Bill.objects.bulk_create(bills, batch_size=1000)
        for b, orig in zip(created, bills, strict=True):
            b._readings, b._topic = orig._readings, orig._topic
        through = Bill.concerned_units.through
        through.objects.bulk_create([through(bill_id=b.pk, organization_id=units[i % len(units)].pk)
                                     for i, b in enumerate(created) if units], batch_size=2000)
        totals["bills"] += len(created)

        versions: list[BillVersion] = []
        for b in created:
            stages = list(STAGES_BY_READINGS[min(b._readings, 3)])
            if b.status in (BillStatus.PROMULGATED, BillStatus.FILED):
                stages.append(Stage.PROMULGATED)
            n_articles = 18 + (b.pk % 4) * 6
            for vi, stage in enumerate(stages):
                title = b.title if stage == Stage.PROMULGATED else f"{b.title}（{Stage(stage).label}）"
                versions.append(_version(congress, b, stage, synthetic_text(title, b._topic, n_articles + vi, rng,
                                                                            variant=vi)))
        versions = BillVersion.objects.bulk_create(versions, batch_size=500)
        totals["versions"] += len(versions)
        by_bill: dict[int, dict[str, BillVersion]] = {}
        for v in versions:
            by_bill.setdefault(v.bill_id, {})[v.stage] = v
        readings = []
        periods = []
        votes = []
        for b in created:
            vs = by_bill[b.pk]
            base = b.agenda_decided_on or b.submitted_on
            for n in range(1, min(b._readings, 3) + 1):
                stage = [Stage.DRAFT, Stage.SECOND, Stage.THIRD][n - 1]
                readings.append(BillReading(congress=congress, bill=b, number=n, version=vs[stage],
                                            held_on=base + dt.timedelta(days=45 * n),
                                            meeting=f"第{int_to_cn(3 + n)}次常委会会议"))
            if (b._readings >= 1 and Stage.SECOND in vs) or (b._readings >= 1 and b.status == BillStatus.IN_DELIBERATION):
                opened = base + dt.timedelta(days=46)
                is_open = b.status == BillStatus.IN_DELIBERATION and b._readings == 1
                periods.append(CommentPeriod(congress=congress, bill=b, version=vs[Stage.DRAFT], opens_on=opened,
                                             closes_on=opened + dt.timedelta(days=31),
                                             status=PeriodStatus.OPEN if is_open else PeriodStatus.CLOSED,
                                             closed_on=None if is_open else opened + dt.timedelta(days=31)))
            if b.passed_on and Stage.FINAL in vs:
                votes.append(BillVote(congress=congress, bill=b, version=vs[Stage.FINAL], voted_on=b.passed_on,
                                      meeting="常委会会议", members_total=len(built.members) + len(built.vice_chairs) + 2,
                                      yes=len(built.members), no=1, abstain=1, passed=True))
        BillReading.objects.bulk_create(readings, batch_size=2000)
        periods = CommentPeriod.objects.bulk_create(periods, batch_size=1000)
        BillVote.objects.bulk_create(votes, batch_size=1000)
        BillVersion.objects.filter(congress=congress, pk__in=[p.version_id for p in periods]).update(published=True)

        # Comments: spread over the periods, on real eIds of the published version.
        comments: list[BillComment] = []
        if periods:
            eids_by_version: dict[int, list[str]] = {}
            for p in periods:
                v = next(x for x in versions if x.pk == p.version_id)
                eids_by_version[v.pk] = [a.eid for a in parse_text(v.text).articles()]
            per_period = max(1, comment_budget // len(periods))
            for p in periods:
                eids = eids_by_version[p.version_id]
                start = timezone.make_aware(dt.datetime.combine(p.opens_on, dt.time(9)))
                for k in range(per_period):
                    eid = "" if k % 10 == 0 else eids[(k * 7) % len(eids)]
                    source = CommentSource.PUBLIC if k % 8 else rng.choice(
                        [CommentSource.CONTACT_POINT, CommentSource.DEPARTMENT, CommentSource.DEPUTY])
                    comments.append(BillComment(
                        congress=congress, bill_id=p.bill_id, version_id=p.version_id,
                        period=p if source == CommentSource.PUBLIC else None, eid=eid, article_eid=eid,
                        provision_label="", text=rng.choice([
                            "建议进一步明确管理部门的职责分工。", "罚款数额偏高，建议区分情形设定。",
                            "建议增加鼓励社会参与的规定。", "本条表述不够清晰，建议修改。", "赞成本条规定。",
                        ]) + f"（{k % 97}）", source=source,
                        contact_point=points[k % len(points)] if source == CommentSource.CONTACT_POINT else None,
                        submitted_at=start + dt.timedelta(minutes=k % (30 * 24 * 60)),
                    ))
                    if len(comments) >= 5000:
                        BillComment.objects.bulk_create(comments, batch_size=5000)
                        totals["comments"] += len(comments)
                        comments = []
        BillComment.objects.bulk_create(comments, batch_size=5000)
        totals["comments"] += len(comments)
        audit.record(actor=None, action="seed", obj=congress, congress_id=congress.pk,
                     after={"bills": len(created), "versions": len(versions)}, note="立法批量数据")
        bar.update(1)
    bar.close()
    return totals
