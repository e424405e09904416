"""``renda statute …``: parse, compare and export statutes from the command line.

Runs without Django. Exit codes: 0 success, 1 done with problems (an amendment instruction
refused, a drafted decision that does not reproduce the new text, a review with findings), 2 bad input (unreadable file,
unknown encoding, strict-mode parse error, bad arguments); messages in Chinese
on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from .akn import to_akn
from .amend import AmendmentError, apply_decision, report_json
from .compare import compare
from .draft import draft
from .export_docx import to_docx
from .export_html import to_html
from .model import Statute, StatuteParseError
from .parser import parse_text
from .reader import StatuteReadError, parse_file, read_text
from .render import render
from .review import describe, review

_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), "缺少必需的参数：{}"),
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{}"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
        "参数 {} 的取值 {} 无效（可选：{}）",
    ),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {} 需要一个值"),
)


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def format_help(self) -> str:
        text = super().format_help()
        for en, zh in (
            ("usage:", "用法："),
            ("positional arguments:", "位置参数："),
            ("options:", "选项："),
            ("show this help message and exit", "显示帮助信息并退出"),
        ):
            text = text.replace(en, zh)
        return text

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：")

    def error(self, message: str):  # argparse's messages are English: translate the common ones
        for pattern, template in _ARGPARSE_MESSAGES:
            m = pattern.search(message)
            if m:
                message = template.format(*m.groups())
                break
        raise _UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="renda statute", description="法规文本解析、修改对照表与 Akoma Ntoso 导出。")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser(
        "parse", help="解析法规文本（.txt / .md / .docx）", description="解析法规文本并输出结构。"
    )
    p.add_argument("file", metavar="文件", help="法规文件路径")
    p.add_argument("--json", action="store_true", help="以 JSON 输出条文与警告")
    p.add_argument("--canonical", action="store_true", help="输出规范化文本（Markdown）")
    p.add_argument("--strict", action="store_true", help="严格模式：编号跳号、重复等问题直接报错")

    c = sub.add_parser(
        "compare", help="比较两个版本，生成修改对照表", description="比较新旧两个版本，生成修改对照表。"
    )
    c.add_argument("old", metavar="原文件", help="修改前的文本")
    c.add_argument("new", metavar="新文件", help="修改后的文本")
    c.add_argument("--format", choices=("json", "html", "docx"), default="json", help="输出格式（默认 json）")
    c.add_argument(
        "-o", "--output", metavar="输出文件", help="输出文件路径（docx 格式必填；省略时输出到标准输出）"
    )
    c.add_argument("--changes-only", action="store_true", help="只列出有变化的条文")
    c.add_argument("--landscape", action="store_true", help="docx 使用 A4 横向版面")
    c.add_argument("--strict", action="store_true", help="严格模式解析")

    a = sub.add_parser(
        "akn", help="导出 Akoma Ntoso 3.0 XML", description="把法规导出为 Akoma Ntoso 3.0 XML。"
    )
    a.add_argument("file", metavar="文件", help="法规文件路径")
    a.add_argument("-o", "--output", metavar="输出文件", help="输出 XML 路径（省略时输出到标准输出）")
    a.add_argument("--place", help="AKN 地区代码，如 cn、cn-bj（默认根据标题推断）")
    a.add_argument("--strict", action="store_true", help="严格模式解析")
    m = sub.add_parser(
        "amend",
        help="把修改决定（修正案）应用于原文",
        description="读取修改决定中的修改指令并应用于原文，输出修改后的文本；每条指令的执行结果写入报告。",
    )
    m.add_argument("base", metavar="原文件", help="被修改法规的原文")
    m.add_argument("decision", metavar="决定文件", help="修改决定或修正案（可修改多部法规，按《…》分段）")
    m.add_argument("-o", "--output", metavar="输出文件", required=True, help="修改后文本的输出路径")
    m.add_argument("--report", metavar="报告文件", help="逐条执行情况（JSON）的输出路径")

    d = sub.add_parser(
        "decision", help="根据新旧两个版本起草修改决定", description="比较新旧两个版本，起草修改决定草稿。"
    )
    d.add_argument("old", metavar="原文件", help="修改前的文本")
    d.add_argument("new", metavar="新文件", help="修改后的文本")
    d.add_argument("-o", "--output", metavar="输出文件", required=True, help="决定草稿的输出路径")

    r = sub.add_parser(
        "review",
        help="对照上位法审查规范性文件或法规草案",
        description="对照上位法审查下位文本：罚款幅度、处罚种类、行政许可、行政强制、收费与相抵触的规定。"
        "发现问题时退出码为 1。",
    )
    r.add_argument("file", metavar="文件", help="被审查的文本（规范性文件或法规草案）")
    r.add_argument(
        "--against",
        metavar="上位法",
        nargs="+",
        required=True,
        help="上位法文件（可多个；行政处罚法等可一并提供）",
    )
    r.add_argument("--format", choices=("json", "text"), default="json", help="输出格式（默认 json）")
    r.add_argument("-o", "--output", metavar="输出文件", help="输出文件路径（省略时输出到标准输出）")
    return parser


def parse_json(statute: Statute) -> dict:
    """The ``parse --json`` document."""
    articles = []
    for parents, art in statute.walk():
        chapter = next((d.heading for d in parents if d.kind == "chapter"), None)
        section = next((d.heading for d in parents if d.kind == "section"), None)
        articles.append(
            {
                "num": art.num,
                "suffix": art.suffix,
                "label": art.label,
                "eid": art.eid,
                "chapter": chapter,
                "section": section,
                "heading": art.heading or None,
                "text": art.text,
                "paragraphs": len(art.paragraphs),
            }
        )
    version = statute.version_date
    return {
        "title": statute.title,
        "notes": statute.notes,
        "version_date": version.isoformat() if version else None,
        "preamble": statute.preamble,
        "divisions": [
            {"kind": d.kind, "num": d.num, "label": d.label, "title": d.title, "eid": d.eid}
            for _, d in statute.divisions()
        ],
        "articles": articles,
        "attachments": [{"heading": a.heading, "eid": a.eid, "lines": a.lines} for a in statute.attachments],
        "warnings": [str(w) for w in statute.warnings],
    }


def _write(output: str | None, data: str | bytes) -> None:
    if output is None:
        assert isinstance(data, str)  # .docx always goes to a file (checked in run)
        sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return
    path = Path(output)
    try:
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise StatuteReadError(f"无法写入输出文件：{path}（{exc.strerror or exc}）") from None
    print(f"已写入：{path}", file=sys.stderr)


def _outline(statute: Statute) -> str:
    lines = [f"标题：{statute.title or '（无）'}"]
    if statute.version_date:
        lines.append(f"版本日期：{statute.version_date.isoformat()}")
    counts = {"book": "编", "part": "分编", "chapter": "章", "section": "节"}
    divs = [d for _, d in statute.divisions()]
    for kind, unit in counts.items():
        n = sum(1 for d in divs if d.kind == kind)
        if n:
            lines.append(f"{unit}：{n}")
    arts = statute.articles()
    lines.append(f"条：{len(arts)}")
    lines.append(f"款：{sum(len(a.paragraphs) for a in arts)}")
    lines.append(f"项/目：{sum(1 for a in arts for _ in a.iter_points())}")
    for w in statute.warnings:
        lines.append(f"警告：{w}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.command == "parse":
        statute = parse_file(args.file, strict=args.strict)
        if args.json:
            _write(None, json.dumps(parse_json(statute), ensure_ascii=False, indent=2))
        elif args.canonical:
            _write(None, render(statute))
        else:
            _write(None, _outline(statute))
    elif args.command == "compare":
        old = parse_file(args.old, strict=args.strict)
        new = parse_file(args.new, strict=args.strict)
        result = compare(old, new)
        if args.format == "json":
            data: str | bytes = result.to_json(changes_only=args.changes_only, indent=2)
        elif args.format == "html":
            data = to_html(result, changes_only=args.changes_only)
        else:
            if not args.output:
                raise _UsageError("docx 格式必须用 -o 指定输出文件")
            data = to_docx(result, changes_only=args.changes_only, landscape=args.landscape)
        _write(args.output, data)
    elif args.command == "amend":
        return _amend(args)
    elif args.command == "review":
        return _review(args)
    elif args.command == "decision":
        result = draft(parse_file(args.old), parse_file(args.new))
        if not result.text:
            print("两个版本的条文没有差异，无需修改决定", file=sys.stderr)
            return 1
        _write(args.output, result.text)
        if not result.exact:
            for problem in result.problems:
                print(f"警告：{problem}", file=sys.stderr)
            print("警告：按此决定修改原文不能完全得到新文本，请人工核对", file=sys.stderr)
            return 1
    else:
        statute = parse_file(args.file, strict=args.strict)
        _write(args.output, to_akn(statute, place=args.place))
    return 0


def _review(args: argparse.Namespace) -> int:
    text = read_text(args.file)
    uppers = []
    for path in args.against:
        body = read_text(path)
        title = parse_text(body).title or Path(path).stem
        uppers.append((title, body))
    findings = review(text, uppers)
    if args.format == "json":
        data = json.dumps({"findings": [f.to_dict() for f in findings]}, ensure_ascii=False, indent=2)
    elif findings:
        data = "\n".join(describe(f) for f in findings)
    else:
        data = "未发现超出上位法的规定。"
    _write(args.output, data)
    return 1 if findings else 0


def _amend(args: argparse.Namespace) -> int:
    base = parse_file(args.base)
    decision = read_text(args.decision)
    try:
        result = apply_decision(base, decision)
    except AmendmentError as exc:
        raise StatuteReadError(str(exc)) from None
    _write(args.output, result.text)
    if args.report:
        _write(args.report, report_json([result]))
    for step in result.errors:
        print(
            f"未执行：{step.clause + '、' if step.clause.isalpha() else step.clause}{step.text[:60]}——{step.message}",
            file=sys.stderr,
        )
    return 0 if result.ok else 1


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``main(["parse", "a.md", "--json"])``; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
        return run(args)
    except _UsageError as exc:
        print(f"参数错误：{exc}", file=sys.stderr)
        print(parser.format_usage(), file=sys.stderr, end="")
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    except StatuteReadError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except StatuteParseError as exc:
        print(f"解析错误：{exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: still no traceback for the user
        print(f"内部错误（请报告此问题）：{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
