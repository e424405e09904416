"""Reading comment files (CSV) exported from web forms or spreadsheets.

The header must name the columns ``id, provision, text, submitted_at``
(``participant`` is optional; Chinese headers such as 编号/条款/意见内容/
提交时间/提交人 are accepted too). The file may be UTF-8 with or without a
BOM, UTF-16 with a BOM, or GB18030 (tried when UTF-8 fails); a file whose
first line has tabs and no commas is read as tab-separated.

Problems with single rows never stop the reading: the row is skipped (or,
for an unreadable time, kept without a date) and reported as a
``RowProblem`` with its line number and a Chinese message. Problems with the
whole file raise ``CommentFileError`` whose message is Chinese and meant for
the user.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from renda.textio import read_bytes

from .comments import Comment, parse_day

__all__ = ["CommentFileError", "ReadResult", "RowProblem", "read_comments_csv"]

REQUIRED = ("id", "provision", "text", "submitted_at")
_ALIASES = {
    "id": "id", "编号": "id", "序号": "id", "意见编号": "id",
    "provision": "provision", "条款": "provision", "条文": "provision", "条目": "provision",
    "text": "text", "意见": "text", "内容": "text", "意见内容": "text", "正文": "text",
    "submitted_at": "submitted_at", "提交时间": "submitted_at", "时间": "submitted_at",
    "participant": "participant", "提交人": "participant", "参与者": "participant", "姓名": "participant",
}
_COLUMN_NAMES = {"id": "id（编号）", "provision": "provision（条款）", "text": "text（意见内容）",
                 "submitted_at": "submitted_at（提交时间）"}
UNKNOWN_ENCODING = "文件编码无法识别：既不是 UTF-8，也不是 GB18030，请另存为 UTF-8 编码的 CSV 文件"


class CommentFileError(Exception):
    """The file cannot be used at all; ``str(error)`` is a Chinese message for the user."""


@dataclass(frozen=True)
class RowProblem:
    line: int  # 1-based line number in the file (the header is line 1)
    message: str  # Chinese
    skipped: bool = True

    def __str__(self) -> str:
        action = "已跳过" if self.skipped else "已保留"
        return f"第 {self.line} 行：{self.message}，{action}"


@dataclass
class ReadResult:
    comments: list[Comment]
    problems: list[RowProblem] = field(default_factory=list)
    encoding: str = "utf-8"
    rows: int = 0  # data rows seen (without the header)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise CommentFileError(UNKNOWN_ENCODING) from None


def columns_of(header: list[str]) -> dict[str, int]:
    """The position of each known column (its first one) in the header row; a required column missing is refused."""
    columns: dict[str, int] = {}
    for pos, name in enumerate(header):
        key = _ALIASES.get(name.strip().lstrip("\ufeff").lower())
        if key and key not in columns:
            columns[key] = pos
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        names = "、".join(_COLUMN_NAMES[c] for c in missing)
        raise CommentFileError(f"缺少必需的列：{names}。表头应为 id,provision,text,submitted_at")
    return columns


def records(reader, offset: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of the records of a ``csv.reader`` that are not blank lines, a record's line being
    ``offset`` plus the lines read before it; a CSV error stops the reading, with its line."""
    while True:
        start = offset + reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CommentFileError(f"第 {start} 行：CSV 格式错误（{exc}），无法继续读取") from None
        if row and any(cell.strip() for cell in row):  # blank lines are not rows
            yield start, row


def check_row(row: list[str], width: int, c_id: int, c_text: int) -> tuple[str, str, str]:
    """(id, text, why the row is skipped — "" when it is usable) of a record of a file of ``width`` columns."""
    if len(row) < width:
        return "", "", f"字段数不足（应为 {width} 个，实际 {len(row)} 个）"
    if len(row) > width and any(cell.strip() for cell in row[width:]):
        return "", "", f"字段数过多（应为 {width} 个，实际 {len(row)} 个），可能缺少引号"
    cid = row[c_id].strip()
    body = row[c_text].strip()
    if not cid:
        return cid, body, "编号（id）为空"
    if not body:
        return cid, body, f"意见内容为空（编号 {cid}）"
    return cid, body, ""


def read_comments_csv(path: str | Path) -> ReadResult:
    """Read a comments CSV; see the module docstring for what is accepted."""
    path = Path(path)
    data = read_bytes(path, CommentFileError)
    text, encoding = _decode(data)
    text = text.replace("\x00", "")
    if not text.strip():
        raise CommentFileError(f"文件是空的：{path}")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise CommentFileError(f"第 1 行：表头格式错误（{exc}）") from None
    columns = columns_of(header)

    result = ReadResult(comments=[], encoding=encoding)
    seen: set[str] = set()
    width = len(header)
    c_id, c_prov, c_text, c_time = (columns[c] for c in REQUIRED)
    c_person = columns.get("participant")
    for line, row in records(reader, 1):
        result.rows += 1
        cid, body, skipped = check_row(row, width, c_id, c_text)
        if skipped:
            result.problems.append(RowProblem(line, skipped))
            continue
        if cid in seen:
            result.problems.append(RowProblem(line, f"编号 {cid} 重复"))
            continue
        seen.add(cid)
        when = row[c_time].strip()
        if when and parse_day(when) is None:
            result.problems.append(RowProblem(line, f"提交时间“{when}”无法识别，按无日期统计", skipped=False))
        person = row[c_person].strip() if c_person is not None else ""
        result.comments.append(Comment(cid, row[c_prov].strip(), body, when, person))
    return result
