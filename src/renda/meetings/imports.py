"""The voting system's CSV export, checked row by row (rule MTG-VOTE-IMPORT).

Expected: a header row with 姓名 and 表决结果 (or 表决意见/结果); optionally 人员编号 (the platform's person
id, to tell namesakes apart). Other columns (序号, 座位号 …) are ignored. UTF-8 (with or without BOM) or
GB18030, comma- or tab-separated. Every problem is reported with its line number; if there is any, the
caller records nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from renda.core.models import Person
from renda.meetings.models import CHOICE_BY_LABEL, Choice

NAME_HEADERS = ("姓名", "name", "委员姓名", "组成人员")
CHOICE_HEADERS = ("表决结果", "表决意见", "结果", "choice", "vote")
ID_HEADERS = ("人员编号", "编号", "person_id", "id")
MAX_BYTES = 512 * 1024
MAX_ROWS = 2000


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"第 {self.line} 行：{self.message}" if self.line else self.message


@dataclass
class VoteImportReport:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    choices: dict[int, str] = field(default_factory=dict)
    filename: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0

    @property
    def counts(self) -> dict[str, int]:
        out = {c: 0 for c in Choice.values}
        for c in self.choices.values():
            out[c] += 1
        return out

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "rows": self.rows,
            "recorded": len(self.choices) if self.ok else 0,
            "counts": self.counts if self.ok else {c: 0 for c in Choice.values},
            "errors": [{"line": e.line, "message": e.message} for e in self.errors],
        }


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for n in names:
        if n.lower() in lowered:
            return lowered.index(n.lower())
    return None


def parse_vote_csv(data: bytes, *, members: list[Person], present_ids: set[int]) -> VoteImportReport:
    """Check each row against the meeting's members (`members`) and those signed in (`present_ids`)."""
    report = VoteImportReport()
    if not data:
        report.errors.append(RowError(0, "文件是空的"))
        return report
    if len(data) > MAX_BYTES:
        report.errors.append(RowError(0, f"文件过大（不得超过 {MAX_BYTES // 1024} KB）"))
        return report
    text = _decode(data)
    if text is None or "\x00" in text:
        report.errors.append(RowError(0, "无法识别文件编码：请导出为 UTF-8 或 GB18030 编码的 CSV 文件"))
        return report
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        report.errors.append(RowError(1, "缺少表头（须有「姓名」和「表决结果」两列）"))
        return report
    name_col = _find(header, NAME_HEADERS)
    choice_col = _find(header, CHOICE_HEADERS)
    id_col = _find(header, ID_HEADERS)
    if name_col is None or choice_col is None:
        missing = "、".join(n for n, c in (("姓名", name_col), ("表决结果", choice_col)) if c is None)
        report.errors.append(RowError(1, f"表头缺少「{missing}」列"))
        return report
    by_name: dict[str, list[Person]] = {}
    by_id = {p.pk: p for p in members}
    for p in members:
        by_name.setdefault(p.name, []).append(p)
    seen: dict[int, int] = {}
    width = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.errors.append(RowError(reader.line_num, f"格式错误（{exc}）"))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.errors.append(RowError(line, f"行数超过 {MAX_ROWS} 行"))
            break
        if len(row) != width:
            report.errors.append(RowError(line, f"应有 {width} 列，实有 {len(row)} 列"))
            continue
        name = row[name_col].strip()
        raw_choice = row[choice_col].strip()
        if not name:
            report.errors.append(RowError(line, "姓名为空"))
            continue
        person = None
        if id_col is not None and row[id_col].strip():
            raw_id = row[id_col].strip()
            person = by_id.get(int(raw_id)) if raw_id.isdigit() else None
            if person is None or person.name != name:
                report.errors.append(RowError(line, f"人员编号「{raw_id}」与姓名「{name}」不符，或不是本次会议的常委会组成人员"))
                continue
        else:
            candidates = by_name.get(name, [])
            if not candidates:
                report.errors.append(RowError(line, f"「{name}」不是本次会议的常委会组成人员（未知人员或列席人员，没有表决权）"))
                continue
            if len(candidates) > 1:
                report.errors.append(RowError(line, f"「{name}」有同名组成人员，请在「人员编号」列注明"))
                continue
            person = candidates[0]
        choice = CHOICE_BY_LABEL.get(raw_choice.lower()) if raw_choice.lower() in CHOICE_BY_LABEL else None
        if choice is None:
            report.errors.append(
                RowError(line, f"表决结果「{raw_choice}」无法识别（应为赞成、反对、弃权或未按表决器）")
            )
            continue
        if person.pk in seen:
            report.errors.append(RowError(line, f"「{name}」重复（已见于第 {seen[person.pk]} 行）"))
            continue
        seen[person.pk] = line
        if person.pk not in present_ids:
            report.errors.append(RowError(line, f"{name}未签到出席（请假或缺席），不能表决"))
            continue
        report.choices[person.pk] = choice
    if report.rows == 0 and not report.errors:
        report.errors.append(RowError(0, "文件中没有表决数据"))
    if report.errors:
        report.choices = {}
    return report
