"""Writes of 预算联网监督: importing a file (whole or not at all), refreshing the rollups, the query letters."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, ExtractMonth

from renda.budget import importing
from renda.budget import permissions as perms
from renda.budget.models import (
    BudgetQuery,
    BudgetTotal,
    BudgetUnit,
    Debt,
    FinalAccount,
    ImportBatch,
    Indicator,
    MonthlyExecution,
    Payment,
)
from renda.budget.notify import notify_addressee  # noqa: F401 - re-exported
from renda.budget.workflow import QUERY_WORKFLOW
from renda.core import audit, rules
from renda.core.models import Organization

BATCH = 5000
MAX_REPORTED = 1000  # refusals listed in a batch's report (the count is always exact)

# kind → (model, natural key fields, compared fields)
SPECS = {
    "units": (BudgetUnit, ("code",), ("name", "parent_id", "unit_type")),
    "indicators": (Indicator, ("year", "doc_number", "unit_id", "func_code", "econ_code", "project_code", "kind"),
                   ("project_name", "fund_type", "amount_fen")),
    "payments": (Payment, ("year", "voucher"),
                 ("paid_on", "unit_id", "func_code", "econ_code", "project_code", "amount_fen", "payee", "method",
                  "purpose")),
    "debt": (Debt, ("code",), ("kind", "issued_on", "matures_on", "amount_fen", "rate_bp", "project_code")),
    "final": (FinalAccount, ("year", "unit_id", "func_code", "econ_code"), ("amount_fen",)),
}
# Kinds whose existing rows may not change on re-import (a treasury voucher is final).
IMMUTABLE = {"payments"}


class _Refused(Exception):
    pass


def import_file(*, actor, congress, kind: str, data: bytes, filename: str,
                progress: Callable[[int], None] | None = None) -> ImportBatch:
    """Import one file: every row is checked; if any row is refused nothing is written and the batch (status
    refused) lists each refused row with its reason; otherwise new rows are added, changed rows updated
    (refused for payments), identical rows left alone — re-importing a file changes nothing."""
    if actor is not None and not perms.can_import(actor):
        raise PermissionDenied("您没有导入预算数据的权限。")
    if kind not in SPECS:
        raise ValidationError(f"未知的数据类型“{kind}”，应为：{'、'.join(SPECS)}")
    batch = ImportBatch(congress=congress, kind=kind, filename=filename[:200],
                        sha256=hashlib.sha256(data).hexdigest(), created_by=actor if getattr(actor, "pk", None) else None)
    try:
        with transaction.atomic():
            _apply(batch, congress, kind, data, filename, progress)
            if batch.refused:
                raise _Refused
            batch.status = ImportBatch.Status.APPLIED
            batch.save()
            audit.record(actor=actor, action="import", obj=batch, congress_id=congress.pk,
                         after={"kind": kind, "file": batch.filename, "sha256": batch.sha256, "rows": batch.rows,
                                "created": batch.created, "updated": batch.updated, "unchanged": batch.unchanged})
    except _Refused:
        batch.status = ImportBatch.Status.REFUSED
        batch.created = batch.updated = batch.unchanged = 0
        batch.pk = None
        batch.save()
    except importing.FileError as exc:
        batch.status = ImportBatch.Status.REFUSED
        batch.report = [{"row": 0, "message": str(exc)}]
        batch.refused = max(batch.refused, 1)
        batch.created = batch.updated = batch.unchanged = 0
        batch.pk = None
        batch.save()
    return batch


def _apply(batch, congress, kind, data, filename, progress) -> None:
    model, key_fields, fields = SPECS[kind]
    units = {c: (pk, parent) for c, pk, parent in
             BudgetUnit.objects.filter(congress=congress).values_list("code", "pk", "parent_id")}
    existing: dict[tuple, tuple] = {}
    loaded_years: set = set()
    seen: dict[tuple, int] = {}
    new, changed = [], []
    report = batch.report = []
    years: set[int] = set()
    pending_units: list[tuple[int, dict]] = []

    def refuse(n: int, message: str) -> None:
        batch.refused += 1
        if len(report) < MAX_REPORTED:
            report.append({"row": n, "message": message})

    def load_existing(year=None):
        qs = model.objects.filter(congress=congress)
        if year is not None:
            qs = qs.filter(year=year)
        for row in qs.values_list("pk", *key_fields, *fields):
            existing[tuple(row[1:1 + len(key_fields)])] = (row[0], tuple(row[1 + len(key_fields):]))

    if "year" not in key_fields:
        load_existing()
    for n, row in importing.rows(data, filename, kind):
        batch.rows += 1
        if progress is not None and batch.rows % 10_000 == 0:
            progress(10_000)
        try:
            rec = importing.parse(kind, row)
        except importing.RowError as exc:
            refuse(n, f"第 {n} 行：{exc}")
            continue
        if kind == "units":
            if rec["parent"] == rec["code"]:
                refuse(n, f"第 {n} 行：主管部门编码不能是单位自身")
                continue
            pending_units.append((n, rec))
            key = (rec["code"],)
        else:
            if "unit" in rec:
                u = units.get(rec.pop("unit"))
                if u is None:
                    refuse(n, f"第 {n} 行：单位编码“{row.get('单位编码')}”未导入（请先导入预算单位）")
                    continue
                rec["unit_id"] = u[0]
            if "year" in key_fields and rec["year"] not in loaded_years:
                loaded_years.add(rec["year"])
                load_existing(rec["year"])
            key = tuple(rec[f] for f in key_fields)
        if key in seen:
            refuse(n, f"第 {n} 行：与第 {seen[key]} 行重复（{_key_text(kind, rec)}）")
            continue
        seen[key] = n
        if "year" in rec:
            years.add(rec["year"])
        if kind == "units":
            continue
        _stage(batch, kind, model, congress, key, rec, fields, existing, new, changed, refuse, n)
        if len(new) >= BATCH and not batch.refused:
            model.objects.bulk_create(new)
            new.clear()
    if kind == "units":
        _stage_units(batch, congress, pending_units, units, existing, new, changed, refuse, fields)
    if batch.refused:
        return
    if new:
        model.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        model.objects.bulk_update(changed, list(f.removesuffix("_id") if f.endswith("_id") else f for f in fields),
                                  batch_size=BATCH)
    if kind == "units" and (new or changed):
        refresh_rollups(congress=congress)
    elif kind in ("indicators", "payments") and (batch.created or batch.updated):
        for y in sorted(years):
            refresh_rollups(congress=congress, year=y)


def _key_text(kind, rec) -> str:
    return {"payments": f"支付凭证号 {rec.get('voucher')}", "units": f"单位编码 {rec.get('code')}",
            "debt": f"债券编码 {rec.get('code')}"}.get(kind, "同一指标行" if kind == "indicators" else "同一决算行")


def _stage(batch, kind, model, congress, key, rec, fields, existing, new, changed, refuse, n) -> None:
    values = tuple(rec[f] for f in fields)
    hit = existing.get(key)
    if hit is None:
        new.append(model(congress=congress, **rec))
        batch.created += 1
        return
    if hit[1] == values:
        batch.unchanged += 1
        return
    if kind in IMMUTABLE:
        refuse(n, f"第 {n} 行：{_key_text(kind, rec)} 已导入且内容不同（国库支付凭证不可更改，请核对）")
        return
    obj = model(pk=hit[0], congress=congress, **rec)
    changed.append(obj)
    batch.updated += 1


def _stage_units(batch, congress, pending, units, existing, new, changed, refuse, fields) -> None:
    """Units refer to their 主管部门 by code, in the file or already imported; a 主管部门 has no parent itself."""
    in_file = {rec["code"]: rec for _, rec in pending}
    for n, rec in pending:
        parent_code = rec.pop("parent")
        if parent_code:
            parent_rec = in_file.get(parent_code)
            if parent_rec is None and parent_code not in units:
                refuse(n, f"第 {n} 行：主管部门编码“{parent_code}”不存在")
                continue
            if (parent_rec or {}).get("parent") or (parent_rec is None and units[parent_code][1] is not None):
                refuse(n, f"第 {n} 行：主管部门“{parent_code}”本身隶属其他部门（只支持两级）")
                continue
        rec["_parent_code"] = parent_code
    if batch.refused:
        return
    # 主管部门 first, so their ids exist when the units that name them are written
    levels = [[rec for _, rec in pending if not rec["_parent_code"]], [rec for _, rec in pending if rec["_parent_code"]]]
    for rows in levels:
        to_create = []
        for rec in rows:
            parent_code = rec.pop("_parent_code")
            parent_id = units[parent_code][0] if parent_code else None
            values = (rec["name"], parent_id, rec["unit_type"])
            hit = existing.get((rec["code"],))
            if hit is None:
                to_create.append(BudgetUnit(congress=congress, code=rec["code"], name=rec["name"],
                                            parent_id=parent_id, unit_type=rec["unit_type"]))
                batch.created += 1
            elif hit[1] != values:
                BudgetUnit.objects.filter(pk=hit[0]).update(name=rec["name"], parent_id=parent_id,
                                                            unit_type=rec["unit_type"])
                batch.updated += 1
            else:
                batch.unchanged += 1
        for u in BudgetUnit.objects.bulk_create(to_create, batch_size=BATCH):
            units[u.code] = (u.pk, u.parent_id)
        if not any(u.pk for u in to_create):  # backends that do not return ids
            units.update({c: (pk, p) for c, pk, p in BudgetUnit.objects.filter(congress=congress)
                          .values_list("code", "pk", "parent_id")})
    if batch.updated:
        refresh_rollups(congress=congress)


def refresh_rollups(*, congress, year: int | None = None) -> None:
    """Rebuild the monthly execution and budget totals of a year (every year when None) from the rows.

    One GROUP BY per table; the pages then read a few thousand rollup rows instead of the payments."""
    years = [year] if year is not None else sorted(
        set(Payment.objects.filter(congress=congress).values_list("year", flat=True).distinct())
        | set(Indicator.objects.filter(congress=congress).values_list("year", flat=True).distinct()))
    for y in years:
        MonthlyExecution.objects.filter(congress=congress, year=y).delete()
        BudgetTotal.objects.filter(congress=congress, year=y).delete()
        pays = (Payment.objects.filter(congress=congress, year=y)
                .annotate(m=ExtractMonth("paid_on"), dept=Coalesce("unit__parent_id", "unit_id"))
                .values("m", "dept", "unit_id", "func_code", "project_code")
                .annotate(total=Sum("amount_fen"), n=Count("id")).order_by())
        MonthlyExecution.objects.bulk_create(
            (MonthlyExecution(congress=congress, year=y, month=r["m"], dept_id=r["dept"], unit_id=r["unit_id"],
                              func_code=r["func_code"], project_code=r["project_code"], amount_fen=r["total"],
                              payments=r["n"]) for r in pays.iterator()), batch_size=BATCH)
        inds = (Indicator.objects.filter(congress=congress, year=y)
                .annotate(dept=Coalesce("unit__parent_id", "unit_id"))
                .values("dept", "unit_id", "func_code", "project_code")
                .annotate(total=Sum("amount_fen")).order_by())
        names = dict(Indicator.objects.filter(congress=congress, year=y).exclude(project_name="")
                     .values_list("project_code", "project_name").order_by())
        BudgetTotal.objects.bulk_create(
            (BudgetTotal(congress=congress, year=y, dept_id=r["dept"], unit_id=r["unit_id"], func_code=r["func_code"],
                         project_code=r["project_code"], project_name=names.get(r["project_code"], "")[:200],
                         amount_fen=r["total"]) for r in inds.iterator()), batch_size=BATCH)


# ---- query letters -------------------------------------------------------------------------------------------
@transaction.atomic
def query_create(*, actor, year: int, title: str, question: str, addressee: Organization, reply_due: dt.date,
                 unit: BudgetUnit | None = None, alert_kind: str = "", project_code: str = "",
                 vouchers: list[str] | None = None, amount_fen: int | None = None) -> BudgetQuery:
    if not perms.can_create_query(actor):
        raise PermissionDenied("您没有起草预算函询的权限。")
    if addressee.congress_id != actor.congress_id or (unit is not None and unit.congress_id != actor.congress_id):
        raise ValidationError("受询单位不属于本级人大。")
    if alert_kind:
        from renda.budget.engine.alerts import KINDS

        if alert_kind not in KINDS:
            raise ValidationError("预警类型无效。")
    q = BudgetQuery(congress_id=actor.congress_id, year=year, title=(title or "").strip(),
                    question=(question or "").strip(), addressee=addressee, unit=unit, alert_kind=alert_kind,
                    project_code=project_code or "", vouchers=list(vouchers or [])[:200], amount_fen=amount_fen,
                    reply_due=reply_due, created_by=actor)
    q.full_clean()
    q.save()
    audit.record(actor=actor, action="create", obj=q, rule=rules.get("BUDGET-QUERY"),
                 after=audit.snapshot(q, ["title", "year", "addressee", "reply_due", "alert_kind", "project_code"]))
    return q


def query_transition(*, actor, query: BudgetQuery, action: str, note: str = "", **data) -> BudgetQuery:
    return QUERY_WORKFLOW.apply(query, action, actor=actor, note=note, **data)
