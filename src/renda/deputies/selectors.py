"""All reads of the registry and the deputies' platform, visibility-aware, with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from renda.core import rules
from renda.core.filters import QueryFilters, choice, number, text
from renda.core.models import Term
from renda.core.roles import Role
from renda.core.selectors import narrow, one_or_404, visible
from renda.deputies import permissions as perms
from renda.deputies.liaison import selectors as liaison
from renda.deputies.models import (
    Delegation,
    Deputy,
    DeputyChange,
    Education,
)
from renda.deputies.schedule.selectors import upcoming_for_person

FRONTLINE_SECTORS = ("工人", "农民")
CPC = "中共党员"
MAJORITY_ETHNICITY = "汉族"


def current_term(congress_id: int) -> Term | None:
    today = timezone.localdate()
    return (
        Term.objects.filter(congress_id=congress_id, start_date__lte=today).order_by("-number").first()
        or Term.objects.filter(congress_id=congress_id).order_by("-number").first()
    )


def deputies_for(user) -> QuerySet[Deputy]:
    return visible(Deputy, perms.registry_filter(user)).select_related("person", "delegation", "term")


def deputy_for(user, pk: int) -> Deputy:
    return one_or_404(deputies_for(user), pk, "没有找到该代表。")


def my_deputy(user) -> Deputy | None:
    """The signed-in deputy's registry entry in the current term (or their latest one)."""
    if not getattr(user, "is_authenticated", False) or not user.person_id or not user.congress_id:
        return None
    return (
        Deputy.objects.filter(congress_id=user.congress_id, person_id=user.person_id)
        .select_related("person", "delegation", "term")
        .order_by("-term__number")
        .first()
    )


@dataclass
class DeputyFilters(QueryFilters):
    delegation: int | None = number(label="代表团")
    sector: str = text(40)
    party: str = text(40)
    gender: str = choice(("M", "F"), label="性别")
    status: str = choice((*Deputy.Status.values, "active", "all"), default="active", label="状态")
    q: str = text(40)

    def apply(self, qs: QuerySet[Deputy]) -> QuerySet[Deputy]:
        qs = narrow(qs, delegation_id=self.delegation, sector=self.sector, person__party=self.party,
                    person__gender=self.gender)
        if self.status == "active":
            qs = qs.filter(status__in=Deputy.ACTIVE_STATES)
        elif self.status != "all":
            qs = qs.filter(status=self.status)
        if self.q:
            qs = qs.filter(Q(person__name__icontains=self.q) | Q(occupation__icontains=self.q))
        return qs


def deputy_page(user, term: Term, filters: DeputyFilters, page: int | str = 1, per_page: int = 50):
    qs = filters.apply(deputies_for(user).filter(term=term)).order_by("delegation__order", "delegation_id", "id")
    return Paginator(qs, per_page).get_page(page)


def filter_choices(term: Term) -> dict[str, Any]:
    base = Deputy.objects.filter(term=term).order_by()
    return {
        "delegations": list(Delegation.objects.filter(term=term).order_by("order", "id")),
        "sectors": [s for s in base.values_list("sector", flat=True).distinct().order_by("sector") if s],
        "parties": [p for p in base.values_list("person__party", flat=True).distinct().order_by("person__party") if p],
        "statuses": Deputy.Status.choices,
    }


# ---- composition statistics ----------------------------------------------------------------------------
def _share(n: int, total: int) -> float:
    return round(100.0 * n / total, 1) if total else 0.0


def age_labels(bounds: list[int]) -> list[str]:
    labels = [f"{bounds[0]}岁以下"]
    for lo, hi in itertools.pairwise(bounds):
        labels.append(f"{lo + 1}至{hi}岁")
    labels.append(f"{bounds[-1] + 1}岁以上")
    return labels


def composition(term: Term) -> dict[str, Any]:
    """Counts and shares of the serving deputies by each dimension, as congresses publish them."""
    base = Deputy.objects.filter(term=term, status__in=Deputy.ACTIVE_STATES).order_by()
    total = base.count()
    bounds = sorted(int(b) for b in rules.param(term.congress_id, "DEP-COMPOSITION", "age_bounds"))
    labels = age_labels(bounds)
    year = term.start_date.year  # ages as of the start of the term (届初)
    age = Case(
        *[When(person__birth_year__gte=year - b, then=Value(labels[i])) for i, b in enumerate(bounds)],
        When(person__birth_year__isnull=False, then=Value(labels[-1])),
        default=Value("未登记"),
        output_field=CharField(),
    )

    def grouped(expr_name: str, expr=None, label_map: dict | None = None, order: list | None = None):
        qs = base.annotate(dim=expr) if expr is not None else base.annotate(dim=F(expr_name))
        rows = [{"key": r["dim"], "count": r["n"]} for r in qs.values("dim").annotate(n=Count("id")).order_by()]
        for r in rows:
            key = r["key"]
            r["label"] = (label_map or {}).get(key, key) or "未登记"
            r["share"] = _share(r["count"], total)
        if order:
            pos = {k: i for i, k in enumerate(order)}
            rows.sort(key=lambda r: (pos.get(r["key"], len(pos)), -r["count"]))
        else:
            rows.sort(key=lambda r: (-r["count"], r["label"]))
        return rows

    delegations = list(
        Delegation.objects.filter(term=term).order_by("order", "id").annotate(
            serving=Count("deputy", filter=Q(deputy__status__in=Deputy.ACTIVE_STATES))
        )
    )
    by_delegation = [
        {"key": d.pk, "label": d.name, "count": d.serving, "share": _share(d.serving, total), "seats": d.seats,
         "vacancies": max(0, d.seats - d.serving) if d.seats else None}
        for d in delegations
    ]
    occupations = grouped("occupation")
    if len(occupations) > 15:
        rest = sum(r["count"] for r in occupations[15:])
        occupations = [*occupations[:15], {"key": "", "label": "其他", "count": rest, "share": _share(rest, total)}]
    dims = {
        "delegation": by_delegation,
        "sector": grouped("sector"),
        "occupation": occupations,
        "party": grouped("person__party"),
        "gender": grouped("person__gender", label_map={"M": "男", "F": "女", "": "未登记"}, order=["M", "F", ""]),
        "ethnicity": grouped("person__ethnicity"),
        "age": grouped("age", expr=age, order=[*labels, "未登记"]),
        "education": grouped("education", label_map=dict(Education.choices), order=[*Education.values, ""]),
        "reelected": grouped("reelected", label_map={True: "连任代表", False: "新当选代表"}, order=[True, False]),
    }
    hl = base.aggregate(
        women=Count("id", filter=Q(person__gender="F")),
        minorities=Count("id", filter=~Q(person__ethnicity__in=[MAJORITY_ETHNICITY, ""])),
        frontline=Count("id", filter=Q(sector__in=FRONTLINE_SECTORS)),
        professionals=Count("id", filter=Q(sector="专业技术人员")),
        cadres=Count("id", filter=Q(sector="党政领导干部")),
        cpc=Count("id", filter=Q(person__party=CPC)),
        reelected=Count("id", filter=Q(reelected=True)),
        young=Count("id", filter=Q(person__birth_year__gte=year - bounds[0])),
    )
    hl["non_cpc"] = total - hl["cpc"]
    highlight_labels = [
        ("women", "妇女代表"), ("minorities", "少数民族代表"), ("frontline", "一线工人、农民代表"),
        ("professionals", "专业技术人员代表"), ("cadres", "党政领导干部代表"), ("cpc", "中共党员代表"),
        ("non_cpc", "非中共党员代表"), ("reelected", "连任代表"), ("young", f"{bounds[0]}岁以下代表"),
    ]
    highlights = [{"key": k, "label": label, "count": hl[k], "share": _share(hl[k], total)}
                  for k, label in highlight_labels]
    statuses = dict(
        Deputy.objects.filter(term=term).order_by().values_list("status").annotate(n=Count("id"))
    )
    seats = Delegation.objects.filter(term=term).aggregate(s=Coalesce(Sum("seats"), 0, output_field=IntegerField()))["s"]
    return {
        "term": term,
        "total": total,
        "seats": seats,
        "vacancies": max(0, seats - total) if seats else None,
        "statuses": [{"key": k, "label": lbl, "count": statuses.get(k, 0)} for k, lbl in Deputy.Status.choices],
        "dims": dims,
        "highlights": highlights,
        "age_labels": labels,
    }


DIMENSION_LABELS = [
    ("delegation", "代表团"), ("sector", "界别（行业）"), ("party", "党派"), ("gender", "性别"),
    ("ethnicity", "民族"), ("age", "年龄段（届初）"), ("education", "学历"), ("occupation", "职业"),
    ("reelected", "连任情况"),
]


def composition_chart_data(stats: dict[str, Any]) -> dict[str, Any]:
    return {key: {"labels": [str(r["label"]) for r in stats["dims"][key]],
                  "values": [r["count"] for r in stats["dims"][key]]}
            for key, _ in DIMENSION_LABELS}


# ---- changes -------------------------------------------------------------------------------------------
def changes_for(user) -> QuerySet[DeputyChange]:
    return visible(DeputyChange, perms.change_filter(user)).select_related("deputy__person", "delegation", "person", "new_deputy")


def change_for(user, pk: int) -> DeputyChange:
    return one_or_404(changes_for(user), pk, "没有找到该代表变动。")


# ---- home panel ----------------------------------------------------------------------------------------
def home_panel(user) -> dict[str, Any] | None:
    """For a deputy: the next engagement and this year's record; for the staff: issues overdue;
    for a handling unit: the issues routed to it."""
    if not getattr(user, "is_authenticated", False) or not user.congress_id:
        return None
    today = timezone.localdate()
    if user.role == Role.DEPUTY:
        deputy = my_deputy(user)
        if deputy is None:
            return None
        upcoming = upcoming_for_person(user, user.person_id, today, days=30)
        return {"title": "代表履职", "template": "deputies/_home_panel.html", "deputy": deputy,
                "upcoming": upcoming[:5], "issues": []}
    issues = liaison.issues_for(user)
    if not perms.issue_filter(user):
        return None
    open_issues = list(issues.filter(status="routed").order_by("due_on")[:10])
    overdue = [i for i in open_issues if i.is_overdue(today)]
    if not open_issues and user.role not in (Role.OFFICE, Role.UNIT) and not perms.is_deputy_affairs(user):
        return None
    return {"title": "群众意见和代表意见", "template": "deputies/_home_panel.html", "deputy": None,
            "issues": open_issues, "overdue": overdue, "today": today}


def year_choices(today: dt.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(range(today.year, today.year - 5, -1))
