"""修改对照表 as a self-contained HTML page (a two-column table, every text escaped)."""

from __future__ import annotations

from html import escape

from .compare import KIND_NAMES, ChangeRow, Comparison

_CSS = """
body{font-family:"FangSong","仿宋","STFangsong",serif;margin:2em auto;max-width:1200px;color:#111}
h1{font-family:"FZXiaoBiaoSong-B05S","方正小标宋简体","SimSun",serif;font-size:22pt;text-align:center;font-weight:normal}
p.summary{font-size:14pt;text-indent:2em}
table.statute-compare{border-collapse:collapse;width:100%;table-layout:fixed;font-size:14pt}
table.statute-compare th,table.statute-compare td{border:1px solid #444;padding:.4em .6em;vertical-align:top;
  line-height:1.6;white-space:pre-wrap;word-break:break-all}
table.statute-compare th{font-family:"SimHei","黑体",sans-serif;font-weight:normal;background:#f2f2f2}
del{text-decoration:line-through;color:#a00}
ins{text-decoration:underline;font-weight:bold;color:#060}
.tag{display:inline-block;font-size:10pt;color:#555;border:1px solid #bbb;border-radius:3px;padding:0 .3em;
  margin-bottom:.2em;white-space:nowrap}
tr.unchanged td{color:#555}
tr.heading td{text-align:center}
""".strip()


def _cells(row: ChangeRow) -> tuple[str, str]:
    if row.kind == "added":
        return "", f"<ins>{escape(row.new_text)}</ins>"
    if row.kind == "deleted":
        return f"<del>{escape(row.old_text)}</del>", ""
    if not row.diff:
        return escape(row.old_text), escape(row.new_text)
    left: list[str] = []
    right: list[str] = []
    for seg in row.diff:
        text = escape(seg.text)
        if seg.op == "equal":
            left.append(text)
            right.append(text)
        elif seg.op == "delete":
            left.append(f"<del>{text}</del>")
        else:
            right.append(f"<ins>{text}</ins>")
    return "".join(left), "".join(right)


def kind_note(row: ChangeRow) -> str:
    """The row's kind for people, with where it came from: 拆分（原第十条拆分为第十二条、第十三条）."""
    if row.kind == "unchanged":
        return ""
    name = KIND_NAMES[row.kind]
    old = "、".join(u.label for u in row.old)
    new = "、".join(u.label for u in row.new)
    if row.kind in ("moved", "renumbered") and row.old:
        name += f"（原{row.old[0].label}）"
    elif row.kind == "split":
        name += f"（原{old}拆分为{new}）"
    elif row.kind == "merged":
        name += f"（原{old}合并为{new}）"
    return name


def _tag(row: ChangeRow) -> str:
    name = kind_note(row)
    if not name:
        return ""
    return f'<span class="tag">{escape(name)}</span>\n'


def comparison_title(comparison: Comparison) -> str:
    """《标题》修改前后对照表, with inner 《》 turned into 〈〉."""
    title = comparison.new.title or comparison.old.title
    title = title.replace("《", "〈").replace("》", "〉")
    return f"《{title}》修改前后对照表" if title else "修改前后对照表"


def to_html(comparison: Comparison, *, changes_only: bool = False) -> str:
    """A standalone HTML page with the comparison table."""
    title = escape(comparison_title(comparison))
    rows = comparison.changed_rows() if changes_only else comparison.rows
    body = []
    for row in rows:
        left, right = _cells(row)
        tag = _tag(row)
        body.append(
            f'<tr class="{row.kind}{" heading" if row.unit not in ("article", "preamble") else ""}" '
            f'data-kind="{row.kind}"><td>{tag if row.kind == "deleted" else ""}{left}</td>'
            f"<td>{'' if row.kind == 'deleted' else tag}{right}</td></tr>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n"
        f'<p class="summary">{escape(comparison.summary_text())}</p>\n'
        '<table class="statute-compare">\n<colgroup><col style="width:50%"><col style="width:50%"></colgroup>\n'
        "<thead><tr><th>原条文</th><th>修改后条文</th></tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>\n</body>\n</html>\n"
    )
