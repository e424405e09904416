"""Writes of 预算联网监督: importing a file (whole or not at all), refreshing the rollups, the query letters."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, IntegerField, Sum
from django.db.models.functions import Cast, Coalesce, ExtractMonth, Substr
from django.db.models.signals import post_delete, post_save

from renda.budget import importing, rollups
from renda.budget import permissions as perms
from renda.budget.engine.alerts import KINDS
from renda.budget.letters import query_create  # noqa: F401 - re-exported (the writes of this module)
from renda.budget.models import (
    BudgetDataVersion,
    BudgetQuery,
    BudgetQuestion,
    BudgetTotal,
    BudgetUnit,
    Debt,
    DebtLimit,
    DeptBudget,
    DeptExecution,
    EconBudget,
    EconExecution,
    FinalAccount,
    ImportBatch,
    Indicator,
    MonthlyExecution,
    Payment,
)
from renda.budget.notify import notify_addressee  # noqa: F401 - re-exported
from renda.budget.workflow import QUERY_WORKFLOW, QUESTION_WORKFLOW
from renda.core import audit, rules
from renda.deputies.selectors import my_deputy

BATCH = 5000
MAX_REPORTED = 1000  # refusals listed in a batch's report (the count is always exact)
ANALYZE_AFTER = 50_000  # rows written by one import after which PostgreSQL's statistics of the table are renewed

# kind → (model, natural key fields, compared fields)
SPECS = {
    "units": (BudgetUnit, ("code",), ("name", "parent_id", "unit_type", "area")),
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
            if batch.created or batch.updated:
                data_changed(congress)
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
    if kind in _VOLUME:
        return _apply_volume(batch, congress, kind, data, filename, progress)
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
    elif kind == "final" and (batch.created or batch.updated):
        for y in sorted(years):  # the 决算 by 主管部门 of the years the file added to or changed
            rollups.refresh_finals(congress=congress, year=y)


# ---- payments and indicators: the volume path -------------------------------------------------------------------
# A year of a large city is a million vouchers (and up to a million indicator lines). Each row is parsed and checked
# in Python as it is read (the file is decoded as a stream), then written as a plain tuple into a temporary staging
# table — sqlite3 `executemany` consuming a generator, PostgreSQL `COPY … FROM STDIN` — never as model instances.
# Duplicates in the file, and rows already imported (identical → 未变; different → refused for a payment, updated for
# an indicator line), are then found by SQL over the staging table, with the row numbers of the file for the report.
# Only the years the file holds are compared with what is stored, and a year with nothing stored yet is not compared
# at all: the new rows then go in with one plain INSERT … SELECT, in the order of the table's main index. All of it
# runs inside import_file's transaction: a refused file leaves nothing behind. Python holds only the unit codes and
# the refusals it reports.
@dataclass(frozen=True)
class _Volume:
    model: type
    columns: tuple[tuple[str, str], ...]  # staged column → SQL type (every one NOT NULL)
    key: tuple[str, ...]  # the natural key (with the congress)
    compared: tuple[str, ...]
    order: str  # the insert's order: the table's main index, so its pages are written once, in sequence
    duplicate: Callable[[dict], str]  # the words naming a duplicate, from the staged row
    changed: Callable[[dict], str] | None  # a stored row may not change: the refusal; None: it is updated

    @property
    def stage(self) -> str:
        return f"budget_stage_{self.model._meta.model_name}"


_VOLUME = {
    "payments": _Volume(
        Payment, (("year", "integer"), ("voucher", "varchar(40)"), ("paid_on", "date"), ("unit_id", "bigint"),
                  ("func_code", "varchar(7)"), ("econ_code", "varchar(5)"), ("project_code", "varchar(40)"),
                  ("amount_fen", "bigint"), ("payee", "varchar(200)"), ("method", "varchar(12)"),
                  ("purpose", "varchar(300)")),
        SPECS["payments"][1], SPECS["payments"][2], "unit_id, func_code, project_code, paid_on",
        lambda r: f"支付凭证号 {r['voucher']}",
        lambda r: f"支付凭证号 {r['voucher']} 已导入且内容不同（国库支付凭证不可更改，请核对）"),
    "indicators": _Volume(
        Indicator, (("year", "integer"), ("doc_number", "varchar(60)"), ("unit_id", "bigint"),
                    ("func_code", "varchar(7)"), ("econ_code", "varchar(5)"), ("project_code", "varchar(40)"),
                    ("project_name", "varchar(200)"), ("fund_type", "varchar(20)"), ("kind", "varchar(10)"),
                    ("amount_fen", "bigint")),
        SPECS["indicators"][1], SPECS["indicators"][2], "unit_id, func_code, project_code",
        lambda r: "同一指标行", None),
}


@contextmanager
def _bulk_settings(cursor):
    """PostgreSQL, for the import only: sorts and hashes of a million rows in memory; and, when the import is the
    transaction (not part of a caller's), its commit not waiting for the disk — a crash just after it loses the
    import as a whole (the database stays consistent), never part of it."""
    if connection.vendor != "postgresql":
        yield
        return
    cursor.execute("SELECT current_setting('work_mem')")
    before = cursor.fetchone()[0]
    cursor.execute("SELECT set_config('work_mem', '256MB', true)")
    if not connection.savepoint_ids:  # import_file's own transaction: the setting ends with it
        cursor.execute("SELECT set_config('synchronous_commit', 'off', true)")
    yield  # (on an error the transaction, or the savepoint of an outer one, is rolled back, and the settings with it)
    cursor.execute("SELECT set_config('work_mem', %s, true)", [before])


def _apply_volume(batch, congress, kind, data, filename, progress) -> None:
    spec = _VOLUME[kind]
    units = dict(BudgetUnit.objects.filter(congress=congress).values_list("code", "pk"))
    refusals: list[tuple[int, str]] = []
    years: set[int] = set()
    pg = connection.vendor == "postgresql"
    names = [c for c, _ in spec.columns]
    stage, table = spec.stage, spec.model._meta.db_table

    def refuse(n: int, message: str) -> None:
        batch.refused += 1
        if len(refusals) < MAX_REPORTED:
            refusals.append((n, message))

    def staged():
        for n, rec, message in importing.records(kind, data, filename):
            batch.rows += 1
            if progress is not None and batch.rows % 10_000 == 0:
                progress(10_000)
            if rec is None:
                refuse(n, f"第 {n} 行：{message}")
                continue
            unit_id = units.get(rec["unit"])
            if unit_id is None:
                refuse(n, f"第 {n} 行：单位编码“{rec['unit']}”未导入（请先导入预算单位）")
                continue
            rec["unit_id"] = unit_id
            years.add(rec["year"])
            if not pg and "paid_on" in rec:
                rec["paid_on"] = rec["paid_on"].isoformat()
            yield (n, *(rec[c] for c in names))

    with connection.cursor() as cursor, _bulk_settings(cursor):
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(f"CREATE TEMPORARY TABLE {stage} (n integer NOT NULL, "
                       + ", ".join(f"{c} {t} NOT NULL" for c, t in spec.columns) + ")")
        if pg:  # the driver's own cursor: no per-row SQL rewriting or logging
            with cursor.cursor.copy(f"COPY {stage} (n, {', '.join(names)}) FROM STDIN") as copy:
                for t in staged():
                    copy.write_row(t)
        else:  # sqlite3 consumes the generator as it goes: one prepared statement, no list of rows — on the driver's
            # plain cursor: Django's SQLiteCursorWrapper.executemany peeks at the first row through itertools.tee, and
            # the lagging tee keeps every row alive until the last (≈0.65 KB a row: 138 MB for 220,565 rows)
            plain = connection.connection.cursor()
            try:
                plain.executemany(f"INSERT INTO {stage} VALUES ({', '.join('?' * (len(names) + 1))})", staged())  # noqa: S608 (constant names)
            finally:
                plain.close()
        key = list(spec.key)
        if pg:
            cursor.execute(f"ANALYZE {stage}")
        _staged_duplicates(cursor, spec, batch, refusals)
        # rows already imported, compared only in the years of the file that hold any (an index probe a year)
        stored = [y for y in sorted(years) if spec.model.objects.filter(congress=congress, year=y).exists()]
        hits = changed = 0
        # a stored row p of the same key as the staged row s (its years named: the other years are never read)
        same = (f"p.congress_id = %s AND p.year IN ({', '.join(map(str, stored))}) AND "
                + " AND ".join(f"p.{c} = s.{c}" for c in key))
        differs = " OR ".join(f"p.{c} <> s.{c}" for c in spec.compared)
        if stored:
            matched = f"FROM {stage} s JOIN {table} p ON {same}"
            cursor.execute(f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN {differs} THEN 1 ELSE 0 END), 0) {matched}",
                           [congress.pk])
            hits, changed = cursor.fetchone()
            if changed and spec.changed is not None:
                batch.refused += changed
                cursor.execute(f"SELECT s.n, {', '.join(f's.{c}' for c in key)} {matched} WHERE {differs}"
                               f" ORDER BY s.n LIMIT {MAX_REPORTED}", [congress.pk])
                refusals += [(r[0], f"第 {r[0]} 行：{spec.changed(dict(zip(key, r[1:], strict=True)))}")
                             for r in cursor.fetchall()]
        batch.report = [{"row": n, "message": m} for n, m in sorted(refusals)[:MAX_REPORTED]]
        if not batch.refused:
            cursor.execute(f"SELECT COUNT(*) FROM {stage}")  # noqa: S608 (constant names)
            rows = cursor.fetchone()[0]
            batch.created, batch.updated, batch.unchanged = rows - hits, changed, hits - changed
            if changed:  # an indicator line whose key was imported before: its content is replaced
                cursor.execute(f"UPDATE {table} AS p SET {', '.join(f'{c} = s.{c}' for c in spec.compared)} "  # noqa: S608
                               f"FROM {stage} s WHERE {same} AND ({differs})", [congress.pk])
            if batch.created:  # when nothing matched, nothing needs excluding
                cols = ", ".join(names)
                new = f" WHERE NOT EXISTS (SELECT 1 FROM {table} p WHERE {same})" if hits else ""  # noqa: S608
                cursor.execute(f"INSERT INTO {table} (congress_id, {cols}) SELECT %s, {cols} FROM {stage} s{new}"  # noqa: S608
                               f" ORDER BY {spec.order}", [congress.pk] + ([congress.pk] if hits else []))
            if pg and batch.created + batch.updated >= ANALYZE_AFTER:
                # the planner's figures for the year just written (autovacuum would only see it after the commit):
                # the rollups below then read the year's pages by a bitmap scan instead of a row-by-row index walk
                cursor.execute(f"ANALYZE {table}")
        cursor.execute(f"DROP TABLE {stage}")
        if batch.created or batch.updated:
            for y in sorted(years):
                refresh_rollups(congress=congress, year=y)


def _staged_duplicates(cursor, spec: _Volume, batch, refusals: list) -> None:
    """Rows of the file with the key of an earlier row: refused, each with both row numbers; then left out."""
    stage = spec.stage
    key = list(spec.key)
    on = " AND ".join(f"s.{c} = d.{c}" for c in key)
    dup_from = (f"FROM {stage} s JOIN (SELECT {', '.join(key)}, MIN(n) AS first FROM {stage} GROUP BY {', '.join(key)}"  # noqa: S608 (constant names)
                f" HAVING COUNT(*) > 1) d ON {on} WHERE s.n > d.first")
    cursor.execute(f"SELECT COUNT(*) {dup_from}")
    dups = cursor.fetchone()[0]
    if not dups:
        return
    batch.refused += dups
    cursor.execute(f"SELECT s.n, d.first, {', '.join(f's.{c}' for c in key)} {dup_from} ORDER BY s.n LIMIT {MAX_REPORTED}")
    refusals += [(r[0], f"第 {r[0]} 行：与第 {r[1]} 行重复（{spec.duplicate(dict(zip(key, r[2:], strict=True)))}）")
                 for r in cursor.fetchall()]
    # only the first of each is compared with what is stored
    cursor.execute(f"CREATE INDEX {stage}_key ON {stage} ({', '.join(key)}, n)")
    cursor.execute(f"DELETE FROM {stage} WHERE EXISTS (SELECT 1 FROM {stage} e WHERE "  # noqa: S608 (constant names)
                   + " AND ".join(f"e.{c} = {stage}.{c}" for c in key) + f" AND e.n < {stage}.n)")


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
            area = rec.get("area")  # None: the file has no 所在区域 column, the stored one stays
            if hit is None:
                to_create.append(BudgetUnit(congress=congress, code=rec["code"], name=rec["name"],
                                            parent_id=parent_id, unit_type=rec["unit_type"], area=area or ""))
                batch.created += 1
            elif hit[1][:3] != values or (area is not None and area != hit[1][3]):
                BudgetUnit.objects.filter(pk=hit[0]).update(name=rec["name"], parent_id=parent_id,
                                                            unit_type=rec["unit_type"],
                                                            **({} if area is None else {"area": area}))
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


def data_changed(congress) -> str:
    """Mark the congress's finance data as changed: a new version token, so every figure cached under the old one
    (alerts, reports) is computed again. Called by every write path (import, rollups, debt limits)."""
    token = uuid.uuid4().hex
    BudgetDataVersion.objects.update_or_create(congress_id=getattr(congress, "pk", congress),
                                               defaults={"token": token})
    return token


def _row_changed(sender, instance, **kwargs) -> None:
    """A single row of the data saved or deleted outside an import (a shell, a data fix): the cached figures go."""
    if getattr(instance, "congress_id", None):
        data_changed(instance.congress_id)


def watch_data_rows() -> None:
    """Connect _row_changed to the data models (imports use bulk writes, which send no signals, and bump once)."""
    for model in (BudgetUnit, Indicator, Payment, Debt, DebtLimit, FinalAccount):
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"budget-data-{model.__name__}-save")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"budget-data-{model.__name__}-delete")


def refresh_rollups(*, congress, year: int | None = None) -> None:
    """Rebuild the monthly execution and budget totals of a year (every year when None) from the rows.

    One GROUP BY per table; the pages then read a few thousand rollup rows instead of the payments. The data
    version changes with it (data_changed)."""
    data_changed(congress)
    years = [year] if year is not None else sorted(
        set(Payment.objects.filter(congress=congress).values_list("year", flat=True).distinct())
        | set(Indicator.objects.filter(congress=congress).values_list("year", flat=True).distinct()))
    for y in years:
        MonthlyExecution.objects.filter(congress=congress, year=y).delete()
        BudgetTotal.objects.filter(congress=congress, year=y).delete()
        DeptExecution.objects.filter(congress=congress, year=y).delete()
        DeptBudget.objects.filter(congress=congress, year=y).delete()
        EconExecution.objects.filter(congress=congress, year=y).delete()
        EconBudget.objects.filter(congress=congress, year=y).delete()
        # SQLite stores a date as 'YYYY-MM-DD' text: the month is characters 6–7 (Django's ExtractMonth would call
        # back into Python for every payment there); PostgreSQL extracts it natively.
        month = (Cast(Substr("paid_on", 6, 2), IntegerField()) if connection.vendor == "sqlite"
                 else ExtractMonth("paid_on"))
        pays = (Payment.objects.filter(congress=congress, year=y)
                .annotate(m=month, dept=Coalesce("unit__parent_id", "unit_id"))
                .values_list("m", "dept", "unit_id", "func_code", "project_code")
                .annotate(total=Sum("amount_fen"), n=Count("id")).order_by())
        # One INSERT … SELECT … GROUP BY in the database (the payments never travel to Python); the subquery's
        # columns are read by their aliases.
        select, params = pays.query.sql_with_params()
        me = MonthlyExecution._meta
        cols = ", ".join(me.get_field(f).column for f in ("month", "dept_id", "unit", "func_code", "project_code",
                                                          "amount_fen", "payments"))
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {me.db_table} (congress_id, year, {cols}) "  # noqa: S608 (model's names)
                           "SELECT %s, %s, g.m, g.dept, g.unit_id, g.func_code, g.project_code, g.total, g.n "
                           f"FROM ({select}) g", [congress.pk, y, *params])
        # by 经济科目 (the 三公经费 read these: their codes are a rule parameter, so every code is kept)
        for target, rows, month_col in (
                (EconExecution, Payment.objects.filter(congress=congress, year=y).annotate(m=month)
                 .values_list("m", "unit_id", "econ_code"), "g.m, "),
                (EconBudget, Indicator.objects.filter(congress=congress, year=y)
                 .values_list("unit_id", "econ_code"), "")):
            select, params = rows.annotate(total=Sum("amount_fen")).order_by().query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {target._meta.db_table} (congress_id, year, {'month, ' if month_col else ''}"  # noqa: S608
                               f"unit_id, econ_code, amount_fen) SELECT %s, %s, {month_col}g.unit_id, g.econ_code, "
                               f"g.total FROM ({select}) g", [congress.pk, y, *params])
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
        # the 主管部门 level, from the rollups just written (a few thousand rows → a hundred)
        with connection.cursor() as cursor:
            for target, source, cols in ((DeptExecution, MonthlyExecution, "month, dept_id"),
                                         (DeptBudget, BudgetTotal, "dept_id")):
                cursor.execute(
                    f"INSERT INTO {target._meta.db_table} (congress_id, year, {cols}, amount_fen) "  # noqa: S608
                    f"SELECT congress_id, year, {cols}, SUM(amount_fen) FROM {source._meta.db_table} "
                    f"WHERE congress_id = %s AND year = %s GROUP BY congress_id, year, {cols}", [congress.pk, y])
    rollups.refresh(congress=congress, year=year)  # the topics' rollups, from the ones just written


# ---- query letters -------------------------------------------------------------------------------------------
def query_transition(*, actor, query: BudgetQuery, action: str, note: str = "", **data) -> BudgetQuery:
    return QUERY_WORKFLOW.apply(query, action, actor=actor, note=note, **data)


# ---- deputies' questions -------------------------------------------------------------------------------------
@transaction.atomic
def question_raise(*, actor, text: str, year: int, unit: BudgetUnit | None = None, project_code: str = "",
                   alert_kind: str = "") -> BudgetQuestion:
    """A deputy's question enters the 预算工委's queue (their inbox, due in BUDGET-QUESTION `days`)."""
    if not perms.can_raise_question(actor):
        raise PermissionDenied("只有人大代表可以提出预算问题。")
    if unit is not None and unit.congress_id != actor.congress_id:
        raise ValidationError("预算单位不属于本级人大。")
    if alert_kind and alert_kind not in KINDS:
        raise ValidationError("预警类型无效。")
    deputy = my_deputy(actor)
    question = BudgetQuestion(congress_id=actor.congress_id, year=year, deputy=actor, text=(text or "").strip(),
                              delegation=str(deputy.delegation)[:60] if deputy and deputy.delegation else "",
                              unit=unit, project_code=(project_code or "").strip(), alert_kind=alert_kind)
    question.full_clean()
    if len(question.text) < 5:
        raise ValidationError({"text": "问题不少于 5 个字。"})
    question.save()
    audit.record(actor=actor, action="create", obj=question, rule=rules.get("BUDGET-QUESTION"),
                 after=audit.snapshot(question, ["year", "unit", "project_code", "alert_kind"]))
    return question


def question_transition(*, actor, question: BudgetQuestion, action: str, note: str = "", **data) -> BudgetQuestion:
    return QUESTION_WORKFLOW.apply(question, action, actor=actor, note=note, **data)
