"""``renda comments …``: analyse or generate public comments without Django.

    renda comments analyze FILE.csv [--format json|text] [-o OUT]
    renda comments generate --n N --seed S -o FILE.csv [--campaigns K] [--labels]

Exit status: 0 on success, 2 when the input cannot be used (the message on
stderr is Chinese; no traceback). Rows with problems are reported on stderr
by line number and skipped; they do not make the run fail.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["main"]

_MAX_PROBLEMS_SHOWN = 50


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings (its own error texts stay English, framed in Chinese)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="renda comments", description="法规草案公开征求意见的分析工具（不需要数据库）")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    analyze = sub.add_parser("analyze", help="分析意见 CSV 文件", description="分析意见 CSV 文件：重复意见归并、集中意见识别、按条款统计、关键词和时间分布")
    analyze.add_argument("file", metavar="FILE.csv", help="表头为 id,provision,text,submitted_at 的 CSV 文件")
    analyze.add_argument("--format", choices=["json", "text"], default="json", help="输出格式（默认 json）")
    analyze.add_argument("-o", "--output", metavar="OUT", help="输出文件（默认输出到标准输出）")
    analyze.add_argument("--threshold", type=float, default=0.6, help="判定为重复意见的相似度阈值（默认 0.6）")
    analyze.add_argument("--min-campaign-size", type=int, default=20, help="集中意见的最少条数（默认 20）")
    analyze.add_argument("--quiet", action="store_true", help="不显示进度条")
    analyze.add_argument("--workers", type=int, default=None, help="并行进程数（默认为 CPU 核数，最多 2）")

    generate = sub.add_parser("generate", help="生成用于测试的模拟意见 CSV", description="生成用于测试的模拟意见 CSV 文件")
    generate.add_argument("--n", type=int, required=True, help="意见条数")
    generate.add_argument("--seed", type=int, default=0, help="随机种子（相同种子生成相同数据）")
    generate.add_argument("-o", "--output", metavar="FILE.csv", required=True, help="输出文件")
    generate.add_argument("--campaigns", type=int, default=None, help="集中意见（群发）的数量")
    generate.add_argument("--labels", action="store_true", help="增加 campaign 列（真实的集中意见编号，用于评测）")
    generate.add_argument("--blocks", action="store_true", help="按每 100 万条分块生成（内存有限时生成超大文件）")
    return parser


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 2


def _write(text: str, output: str | None) -> int:
    if output in (None, "-"):
        sys.stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        return _fail(f"无法写入输出文件 {output}：{exc.strerror or exc}")
    return 0


def _write_json(report: dict, output: str | None) -> int:
    if output in (None, "-"):
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    try:
        with Path(output).open("w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    except OSError as exc:
        return _fail(f"无法写入输出文件 {output}：{exc.strerror or exc}")
    return 0


def _analyze(args: argparse.Namespace) -> int:
    from .csvio import CommentFileError
    from .stream import analyze_comments_file

    if not 0.0 < args.threshold <= 1.0:
        return _fail("--threshold 应在 0 到 1 之间")
    if args.workers is not None and args.workers < 1:
        return _fail("--workers 应为正整数")
    bar = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=100, desc="分析意见", unit="%", file=sys.stderr, disable=None)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.update(int(100 * done / max(1, total)) - bar.n)

    try:
        streamed = analyze_comments_file(args.file, threshold=args.threshold, min_campaign_size=args.min_campaign_size,
                                         workers=args.workers, progress=progress)
    except CommentFileError as exc:
        return _fail(str(exc))
    finally:
        if bar is not None:
            bar.close()
    problems = streamed.problems
    for problem in problems[:_MAX_PROBLEMS_SHOWN]:
        print(str(problem), file=sys.stderr)
    if len(problems) > _MAX_PROBLEMS_SHOWN:
        print(f"……另有 {len(problems) - _MAX_PROBLEMS_SHOWN} 行有问题，未逐一列出", file=sys.stderr)
    skipped = sum(1 for p in problems if p.skipped)
    report = streamed.report
    result = streamed
    report["input"] = {
        "file": str(args.file),
        "encoding": result.encoding,
        "rows": result.rows,
        "skipped_rows": skipped,
        "problems": [{"line": p.line, "message": p.message, "skipped": p.skipped} for p in problems],
    }
    if args.format == "json":  # written piece by piece: the report's text is never held whole in memory
        return _write_json(report, args.output)
    return _write(_text_report(report), args.output)


def _text_report(report: dict) -> str:
    t = report["totals"]
    lines = [
        f"意见总数：{t['comments']} 条（跳过问题行 {report['input']['skipped_rows']} 行）",
        f"归并后不同意见：{t['distinct']} 条；重复意见簇：{t['clusters']} 个，含 {t['comments_in_clusters']} 条",
        f"疑似集中（群发）意见：{t['campaigns']} 组，共 {t['comments_in_campaigns']} 条",
    ]
    if t["participants"] is not None:
        lines.append(f"参与人数：{t['participants']}")
    campaigns = [c for c in report["clusters"] if c["campaign"]]
    if campaigns:
        lines.append("")
        lines.append("集中意见：")
        for c in campaigns[:20]:
            where = "、".join(c["provisions"])
            lines.append(f"  {c['cluster']}  {c['size']} 条  {where}  {c['first_day'] or ''}—{c['last_day'] or ''}")
            lines.append(f"      {c['representative'][:80]}")
    lines.append("")
    lines.append("按条款：")
    for p in report["per_provision"].values():
        words = "、".join(k["word"] for k in p["keywords"][:6])
        lines.append(f"  {p['label']}：{p['comments']} 条，不同意见 {p['distinct']} 条；关键词：{words}")
    peak = report["timeline"]["peak_day"]
    if peak:
        lines.append("")
        lines.append(f"提交高峰日：{peak}（{report['timeline']['per_day'][peak]} 条）")
    return "\n".join(lines) + "\n"


def _generate(args: argparse.Namespace) -> int:
    from .synth import generate_comments, write_comments_csv

    if args.n < 1:
        return _fail("--n 应为正整数")
    if args.blocks:
        from .synth import write_comments_csv_blocks

        try:
            count = write_comments_csv_blocks(args.n, args.output, seed=args.seed, labels=args.labels)
        except OSError as exc:
            return _fail(f"无法写入输出文件 {args.output}：{exc.strerror or exc}")
        print(f"已分块生成 {count} 条意见：{args.output}", file=sys.stderr)
        return 0
    rows = generate_comments(args.n, seed=args.seed, campaigns=args.campaigns)
    try:
        write_comments_csv(rows, args.output, labels=args.labels)
    except OSError as exc:
        return _fail(f"无法写入输出文件 {args.output}：{exc.strerror or exc}")
    campaigns = len({r.campaign for r in rows if r.campaign is not None})
    print(f"已生成 {len(rows)} 条意见（其中 {campaigns} 组集中意见）：{args.output}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; ``argv`` excludes the program and ``comments`` words."""
    parser = _parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return int(exc.code or 0)
    if args.command == "analyze":
        return _analyze(args)
    if args.command == "generate":
        return _generate(args)
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
