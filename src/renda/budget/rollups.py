"""The topics page's rollups (转移支付 by 功能科目 × 月, 决算 by 主管部门): rebuilt, read.

At ten years the topics page read two large tables on every request — 转移支付 summed over MonthlyExecution (one
row per month × 单位 × 功能科目 × 项目: nearly as many as the payments) and 决算 summed over the final accounts
joined to their units. Both now come from small tables, rebuilt as the others are (docs/ARCHITECTURE.md "Bulk
imports and rollups"): a full rebuild per year with one `INSERT … SELECT … GROUP BY` in the database, so the
rollups stay exactly equal to the rows after any correction.

- `FuncExecution` (year × month × 功能科目) from MonthlyExecution, `FuncBudget` (year × 功能科目) from BudgetTotal:
  every code is kept, since the 转移支付 codes are a rule parameter (BUDGET-TRANSFER); bounded by 功能科目 × 12.
- `DeptFinal` (year × 主管部门) from the final accounts: a hundred rows a year.

`refresh` runs at the end of services.refresh_rollups (after every import of units, indicators or payments, and
after seeding); a 决算 import that added or changed rows calls `refresh_finals` for its years (services._apply,
inside the import's transaction, so a refused file leaves the rollup as it was).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, Sum

from renda.budget.models import (
    BudgetTotal,
    BudgetUnit,
    DeptFinal,
    FinalAccount,
    FuncBudget,
    FuncExecution,
    MonthlyExecution,
)


def refresh(*, congress, year: int | None = None) -> None:
    """Rebuild the topics' rollups of a year (every year when None) from MonthlyExecution, BudgetTotal and the
    final accounts — call after those rollups are rebuilt (services.refresh_rollups does, last)."""
    congress_id = getattr(congress, "pk", congress)
    _rebuild(FuncExecution, congress_id, year, _sql(MonthlyExecution, "month, func_code"))
    _rebuild(FuncBudget, congress_id, year, _sql(BudgetTotal, "func_code"))
    refresh_finals(congress=congress_id, year=year)


def refresh_finals(*, congress, year: int | None = None) -> None:
    """Rebuild DeptFinal of a year (every year when None): the 决算数 by the unit's 主管部门 (itself for one)."""
    final, unit = FinalAccount._meta.db_table, BudgetUnit._meta.db_table
    dept = "COALESCE(u.parent_id, u.id)"
    select = (f"SELECT f.congress_id, f.year, {dept}, SUM(f.amount_fen) FROM {final} f "  # noqa: S608 (model names)
              f"JOIN {unit} u ON u.id = f.unit_id WHERE f.congress_id = %s{{year}} "
              f"GROUP BY f.congress_id, f.year, {dept}")
    _rebuild(DeptFinal, getattr(congress, "pk", congress), year, select, year_column="f.year")


def _sql(source, cols: str) -> str:
    table = source._meta.db_table
    return (f"SELECT congress_id, year, {cols}, SUM(amount_fen) FROM {table} "  # noqa: S608 (model names)
            f"WHERE congress_id = %s{{year}} GROUP BY congress_id, year, {cols}")


def _rebuild(target, congress_id: int, year: int | None, select: str, *, year_column: str = "year") -> None:
    """Delete the target's rows of the year (or all years) and insert them again from `select` (its columns in
    the target's order after the id; `{year}` is where the year condition goes)."""
    rows = target.objects.filter(congress_id=congress_id)
    if year is not None:
        rows = rows.filter(year=year)
    rows.delete()
    columns = ", ".join(f.column for f in target._meta.concrete_fields if not f.primary_key)
    params = [congress_id] if year is None else [congress_id, year]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {target._meta.db_table} ({columns}) "
                       + select.format(year="" if year is None else f" AND {year_column} = %s"), params)


# ---- reads (the topics page) ----------------------------------------------------------------------------------
def transfers(congress_id: int, year: int, month: int, codes: list[str]) -> tuple[int | None, dict[str, int]]:
    """转移支付 of the year: the budget of the 功能科目 under `codes` (3/5/7-digit prefixes; None when there is
    none) and the payments through `month` by 功能科目. Two queries over the small rollups."""
    under = Q()
    for code in codes:
        under |= Q(func_code__startswith=code)
    budget = FuncBudget.objects.filter(under, congress_id=congress_id, year=year).aggregate(
        t=Sum("amount_fen"))["t"]
    paid = dict(FuncExecution.objects.filter(under, congress_id=congress_id, year=year, month__lte=month)
                .values_list("func_code").annotate(t=Sum("amount_fen")).order_by())
    return budget, paid


def dept_finals(congress_id: int, first_year: int, last_year: int) -> dict[tuple[int, int], int]:
    """决算数 by (year, 主管部门) for the years first_year … last_year. One query."""
    return {(y, d): t for y, d, t in DeptFinal.objects.filter(
        congress_id=congress_id, year__gte=first_year, year__lte=last_year).values_list("year", "dept_id",
                                                                                          "amount_fen")}
