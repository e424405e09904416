"""Reading the finance bureau's files: CSV (UTF-8 or GB18030) or .xlsx with a header row of Chinese column names,
into plain row dicts; and checking each row of each kind into a normalised record (or a Chinese refusal).

No database here: `services.import_file` looks the rows up and applies the file whole or not at all.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator

from renda.budget.engine.money import to_fen
from renda.budget.models import DebtKind, FundType, IndicatorKind, PayMethod

COLUMNS: dict[str, tuple[str, ...]] = {
    "units": ("单位编码", "单位名称", "主管部门编码", "单位类型"),
    "indicators": ("年度", "指标文号", "单位编码", "功能科目编码", "经济科目编码", "项目编码", "项目名称", "资金性质",
                   "指标类型", "金额"),
    "payments": ("支付日期", "支付凭证号", "单位编码", "功能科目编码", "经济科目编码", "项目编码", "金额", "收款人名称",
                 "支付方式", "用途"),
    "debt": ("债券编码", "债券类型", "发行日期", "到期日期", "金额", "利率", "项目编码"),
    "final": ("年度", "单位编码", "功能科目编码", "经济科目编码", "决算数"),
}
# Columns that may be empty.
OPTIONAL = {"主管部门编码", "单位类型", "项目编码", "项目名称", "用途", "所在区域"}
# Optional columns that may be left out of the header: units' 所在区域 (the district a unit serves, for the
# deputies' view), kept as it is when the file has no such column.
EXTRA = {"units": ("所在区域",)}
# Columns holding codes: kept as text, leading zeros included; a number in an .xlsx cell is refused.
CODE_COLUMNS = {"单位编码", "主管部门编码", "功能科目编码", "经济科目编码", "项目编码", "支付凭证号", "债券编码", "指标文号"}

MAX_ROWS = 5_000_000
_CHUNK = 1 << 20


class FileError(ValueError):
    """The file as a whole cannot be read (encoding, format, header)."""


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) or GB18030, checked chunk by chunk without decoding the file into memory."""
    view = memoryview(data)
    for enc in ("utf-8", "gb18030"):
        dec = codecs.getincrementaldecoder(enc)()
        try:
            for i in range(0, len(view), _CHUNK):
                dec.decode(view[i:i + _CHUNK])
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return "utf-8-sig" if enc == "utf-8" else enc
    raise FileError("文件编码无法识别：请以 UTF-8 或 GB18030 编码保存")


def _csv_rows(data: bytes) -> Iterator[list]:
    """Rows of a CSV file, decoded as they are read (the decoded text is never held whole)."""
    enc = _encoding(data)
    if b"\x00" in data:  # NUL is never part of a multi-byte UTF-8 or GB18030 character
        raise FileError("文件含有空字符，不是有效的 CSV 文件")
    yield from csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding=enc, newline=""))


def _xlsx_rows(data: bytes) -> Iterator[list]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileError("无法读取 .xlsx 文件：文件已损坏或不是 Excel 工作簿") from exc
    ws = wb.worksheets[0]
    for row in ws.iter_rows(values_only=True):
        yield list(row)
    wb.close()


def rows(data: bytes, filename: str, kind: str, *, raw: bool = False) -> Iterator[tuple[int, dict | list]]:
    """(line number, {column: value}) for each data row; FileError for a file that cannot be read at all.
    With raw=True: (1, header) first, then (line number, list of cells) — no dict per row."""
    if kind not in COLUMNS:
        raise FileError(f"未知的数据类型“{kind}”，应为：{'、'.join(COLUMNS)}")
    is_xlsx = filename.lower().endswith(".xlsx") or data[:2] == b"PK"
    source = _xlsx_rows(data) if is_xlsx else _csv_rows(data)
    header = None
    for n, cells in enumerate(source, start=1):
        if header is None:
            header = [str(h).strip() if h is not None else "" for h in cells]
            missing = [c for c in COLUMNS[kind] if c not in header]
            if missing:
                raise FileError(f"表头缺少列：{'、'.join(missing)}（第 1 行应为：{'、'.join(COLUMNS[kind])}）")
            if raw:
                yield n, header
            continue
        if n > MAX_ROWS + 1:
            raise FileError(f"文件超过 {MAX_ROWS} 行，请分文件导入")
        if all(v is None or str(v).strip() == "" for v in cells):
            continue
        yield n, (cells if raw else {h: (cells[i] if i < len(cells) else None) for i, h in enumerate(header) if h})
    if header is None:
        raise FileError("文件是空的：没有表头行")


class RowError(ValueError):
    pass


def text(row: dict, col: str, *, max_len: int = 200) -> str:
    v = row.get(col)
    if v is None:
        v = ""
    elif col in CODE_COLUMNS and not isinstance(v, str):
        if isinstance(v, int | float):
            raise RowError(f"{col}须以文本格式保存（数字格式会丢失前导零）")
        v = str(v)
    v = str(v).strip()
    if not v and col not in OPTIONAL:
        raise RowError(f"{col}不能为空")
    if len(v) > max_len:
        raise RowError(f"{col}超过 {max_len} 个字")
    return v


def code(row: dict, col: str, lengths: tuple[int, ...] | None = None, *, max_len: int = 40) -> str:
    v = text(row, col, max_len=max_len)
    if not v:
        return v
    if lengths is not None:
        if not v.isdigit() or len(v) not in lengths:
            allowed = "/".join(str(n) for n in lengths)
            raise RowError(f"{col}“{v}”应为 {allowed} 位数字")
    elif not re.fullmatch(r"[0-9A-Za-z\-_]+", v):
        raise RowError(f"{col}“{v}”只能含数字、字母、连字符")
    return v


def amount(row: dict, col: str) -> int:
    v = row.get(col)
    # an .xlsx number: its shortest decimal form (never arithmetic in floats)
    s = repr(v) if isinstance(v, int | float) and not isinstance(v, bool) else text(row, col)
    try:
        return to_fen(s)
    except ValueError as exc:
        raise RowError(str(exc)) from exc


def date(row: dict, col: str) -> dt.date:
    v = row.get(col)
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = text(row, col)
    if len(s) == 10 and s[4] == "-" and s[7] == "-" and s[:4].isdigit():  # the usual 2026-03-15, parsed in C
        try:
            return dt.date.fromisoformat(s)
        except ValueError:
            pass  # the general pattern below names the problem
    m = re.fullmatch(r"(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?", s)
    if not m:
        raise RowError(f"{col}“{s}”不是日期（应如 2026-03-15）")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise RowError(f"{col}“{s}”不是有效日期") from exc


def year(row: dict, col: str = "年度") -> int:
    v = row.get(col)
    s = str(int(v)) if isinstance(v, int | float) else text(row, col)
    if not re.fullmatch(r"(19|20)\d\d", s):
        raise RowError(f"{col}“{s}”不是有效年度")
    return int(s)


_CHOICES: dict = {}


def choice(row: dict, col: str, choices) -> str:
    v = text(row, col)
    known = _CHOICES.get(choices)
    if known is None:  # label or value → value, built once per choices class (not per row)
        known = _CHOICES[choices] = {**{label: value for value, label in choices.choices},
                                     **{value: value for value, _ in choices.choices}}
    if v in known:
        return known[v]
    raise RowError(f"{col}“{v}”应为：{'、'.join(label for _, label in choices.choices)}")


FUNC = (3, 5, 7)
ECON = (3, 5)


def parse(kind: str, row: dict) -> dict:
    """The checked record of one row (codes as text, amounts in 分); RowError naming the column otherwise."""
    if kind == "units":
        rec = {"code": code(row, "单位编码", max_len=20), "name": text(row, "单位名称", max_len=100),
               "parent": code(row, "主管部门编码", max_len=20), "unit_type": text(row, "单位类型", max_len=30)}
        if "所在区域" in row:
            rec["area"] = text(row, "所在区域", max_len=40)
        return rec
    if kind == "indicators":
        rec = {"year": year(row), "doc_number": text(row, "指标文号", max_len=60), "unit": code(row, "单位编码", max_len=20),
               "func_code": code(row, "功能科目编码", FUNC), "econ_code": code(row, "经济科目编码", ECON),
               "project_code": code(row, "项目编码"), "project_name": text(row, "项目名称"),
               "fund_type": choice(row, "资金性质", FundType), "kind": choice(row, "指标类型", IndicatorKind),
               "amount_fen": amount(row, "金额")}
        if rec["kind"] == IndicatorKind.REDUCE and rec["amount_fen"] > 0:
            rec["amount_fen"] = -rec["amount_fen"]  # 调减 reduces the budget whichever sign the file uses
        return rec
    if kind == "payments":
        rec = {"paid_on": date(row, "支付日期"), "voucher": code(row, "支付凭证号"), "unit": code(row, "单位编码", max_len=20),
               "func_code": code(row, "功能科目编码", FUNC), "econ_code": code(row, "经济科目编码", ECON),
               "project_code": code(row, "项目编码"), "amount_fen": amount(row, "金额"),
               "payee": text(row, "收款人名称"), "method": choice(row, "支付方式", PayMethod),
               "purpose": text(row, "用途", max_len=300)}
        if rec["amount_fen"] <= 0:
            raise RowError("金额须大于零（退款请按冲销凭证处理）")
        rec["year"] = rec["paid_on"].year
        return rec
    if kind == "debt":
        rec = {"code": code(row, "债券编码"), "kind": choice(row, "债券类型", DebtKind),
               "issued_on": date(row, "发行日期"), "matures_on": date(row, "到期日期"),
               "amount_fen": amount(row, "金额"), "rate_bp": _rate(row), "project_code": code(row, "项目编码")}
        if rec["matures_on"] <= rec["issued_on"]:
            raise RowError("到期日期须晚于发行日期")
        if rec["amount_fen"] <= 0:
            raise RowError("金额须大于零")
        return rec
    if kind == "final":
        return {"year": year(row), "unit": code(row, "单位编码", max_len=20), "func_code": code(row, "功能科目编码", FUNC),
                "econ_code": code(row, "经济科目编码", ECON), "amount_fen": amount(row, "决算数")}
    raise RowError(f"未知的数据类型“{kind}”")


def _rate(row: dict) -> int:
    """利率 in percent ('3.25' or '3.25%') → basis points (325), exactly."""
    v = row.get("利率")
    s = repr(v) if isinstance(v, float) else text(row, "利率")
    m = re.fullmatch(r"(\d{1,2})(?:\.(\d{1,2}))?%?", s.strip())
    if not m:
        raise RowError(f"利率“{s}”应为百分数，最多两位小数（如 3.25）")
    return int(m[1]) * 100 + int((m[2] or "").ljust(2, "0"))


# ---- payments and indicators, the volume path ------------------------------------------------------------------
_CODE = re.compile(r"[0-9A-Za-z\-_]+")
_AMOUNT = re.compile(r"(\d{1,13})(?:\.(\d{1,2}))?")


def records(kind: str, data: bytes, filename: str) -> Iterator[tuple[int, dict | None, str]]:
    """(line, record or None, message) for each data row of a payments or indicators file: the record when the row
    is valid, else None and the refusal (the same words `parse` gives). CSV rows are checked by a straight-line fast
    path on the row's cells (the common, well-formed case of a million rows); anything it does not accept — and every
    .xlsx row — goes through `parse`, so a refusal names the column exactly as elsewhere."""
    fast = {"payments": _fast_payment, "indicators": _fast_indicator}[kind]
    header: list[str] | None = None
    idx: list[int] = []
    is_csv = not (filename.lower().endswith(".xlsx") or data[:2] == b"PK")  # CSV cells are always text
    for n, row in rows(data, filename, kind, raw=True):
        if header is None:
            header = row
            idx = [header.index(c) for c in COLUMNS[kind]]
            continue
        rec = None
        if len(row) > max(idx) and (is_csv or all(isinstance(v, str) for v in row)):
            rec = fast(row, idx)
        if rec is None:
            d = {h: (row[i] if i < len(row) else None) for i, h in enumerate(header) if h}
            try:
                rec = parse(kind, d)
            except RowError as exc:
                yield n, None, str(exc)
                continue
        yield n, rec, ""


def _labels(choices) -> dict:
    return {**{label: value for value, label in choices.choices}, **{v: v for v in choices.values}}


_METHODS, _FUNDS, _IND_KINDS = _labels(PayMethod), _labels(FundType), _labels(IndicatorKind)


def _codes_ok(unit: str, func: str, econ: str, project: str) -> bool:
    return (0 < len(unit) <= 20 and _CODE.fullmatch(unit) is not None and func.isdigit() and func.isascii()
            and len(func) in FUNC and econ.isdigit() and econ.isascii() and len(econ) in ECON and len(project) <= 40
            and (not project or _CODE.fullmatch(project) is not None))


def _fen(cell: str) -> int | None:
    m = _AMOUNT.fullmatch(cell.strip())
    return None if m is None else int(m[1]) * 100 + int((m[2] or "").ljust(2, "0"))


def _fast_payment(row: list, idx: list[int]) -> dict | None:
    """The checked record of a plain, valid CSV payment row, or None to let `parse` decide (and explain)."""
    i_date, i_voucher, i_unit, i_func, i_econ, i_project, i_amount, i_payee, i_method, i_purpose = idx
    s = row[i_date].strip()
    if len(s) != 10 or s[4] != "-" or s[7] != "-":
        return None
    try:
        paid_on = dt.date.fromisoformat(s)
    except ValueError:
        return None
    voucher, unit, func, econ = row[i_voucher].strip(), row[i_unit].strip(), row[i_func].strip(), row[i_econ].strip()
    project, payee, purpose = row[i_project].strip(), row[i_payee].strip(), row[i_purpose].strip()
    method = _METHODS.get(row[i_method].strip())
    fen = _fen(row[i_amount])
    if (method is None or fen is None or fen <= 0 or not 0 < len(voucher) <= 40 or not _CODE.fullmatch(voucher)
            or not _codes_ok(unit, func, econ, project) or not 0 < len(payee) <= 200 or len(purpose) > 300):
        return None
    return {"paid_on": paid_on, "voucher": voucher, "unit": unit, "func_code": func, "econ_code": econ,
            "project_code": project, "amount_fen": fen, "payee": payee, "method": method, "purpose": purpose,
            "year": paid_on.year}


def _fast_indicator(row: list, idx: list[int]) -> dict | None:
    """The checked record of a plain, valid CSV indicator line, or None to let `parse` decide (and explain)."""
    i_year, i_doc, i_unit, i_func, i_econ, i_project, i_name, i_fund, i_kind, i_amount = idx
    y, doc, unit, func = row[i_year].strip(), row[i_doc].strip(), row[i_unit].strip(), row[i_func].strip()
    econ, project, name = row[i_econ].strip(), row[i_project].strip(), row[i_name].strip()
    fund, kind = _FUNDS.get(row[i_fund].strip()), _IND_KINDS.get(row[i_kind].strip())
    fen = _fen(row[i_amount])
    if (fund is None or kind is None or fen is None or len(y) != 4 or not y.isdigit() or not y.isascii()
            or y[:2] not in ("19", "20") or not 0 < len(doc) <= 60 or len(name) > 200
            or not _codes_ok(unit, func, econ, project)):
        return None
    if kind == IndicatorKind.REDUCE:
        fen = -fen  # 调减 reduces the budget whichever sign the file uses (as `parse`)
    return {"year": int(y), "doc_number": doc, "unit": unit, "func_code": func, "econ_code": econ,
            "project_code": project, "project_name": name, "fund_type": fund, "kind": kind, "amount_fen": fen}
