"""The streamed comment analysis (stream.py) against the in-memory one (comments.py)."""

import io

import pytest

from renda.textmining.comments import analyze_comments
from renda.textmining.csvio import CommentFileError, read_comments_csv
from renda.textmining.stream import analyze_comments_file, iter_blocks
from renda.textmining.synth import write_comments_csv, write_comments_csv_blocks


@pytest.fixture(scope="module")
def comment_file(tmp_path_factory, campaign_comments):
    path = tmp_path_factory.mktemp("stream") / "comments.csv"
    write_comments_csv(campaign_comments, path)
    return path


def _same_meaning(batch: dict, streamed: dict) -> None:
    assert streamed["totals"] == batch["totals"]
    assert streamed["timeline"] == batch["timeline"]
    assert [set(c["ids"]) for c in streamed["clusters"]] == [set(c["ids"]) for c in batch["clusters"]]
    for a, b in zip(batch["clusters"], streamed["clusters"], strict=True):
        assert (a["campaign"], a["provisions"], a["participants"], a["first_day"], a["last_day"], a["cluster"]) == (
            b["campaign"], b["provisions"], b["participants"], b["first_day"], b["last_day"], b["cluster"])
        assert abs(a["cohesion"] - b["cohesion"]) < 0.1  # 8-bit signatures: the estimate differs slightly
    assert list(streamed["per_provision"]) == list(batch["per_provision"])
    for key, a in batch["per_provision"].items():
        b = streamed["per_provision"][key]
        assert {k: v for k, v in a.items() if k != "representatives"} == {
            k: v for k, v in b.items() if k != "representatives"}
        assert [r["id"] for r in a["representatives"]] == [r["id"] for r in b["representatives"]]


@pytest.mark.parametrize("workers", [1, 2])
def test_streamed_analysis_means_the_same_as_in_memory(comment_file, campaign_analysis, workers):
    # small blocks: the file is cut into about 20 pieces, each read by a worker
    streamed = analyze_comments_file(comment_file, workers=workers, block_bytes=64 << 10)
    _same_meaning(campaign_analysis, streamed.report)
    assert streamed.rows == 3000 and streamed.problems == [] and streamed.encoding == "utf-8"
    assert streamed.report["method"]["streamed"] is True


def test_memory_is_bounded_texts_are_not_retained(comment_file):
    """Only the report's texts are kept: at most keyword_sample per provision plus one per cluster."""
    streamed = analyze_comments_file(comment_file, workers=1, block_bytes=64 << 10, keyword_sample=40)
    report = streamed.report
    method, totals = report["method"], report["totals"]
    assert method["retained_texts"] <= 40 * totals["provisions"] + totals["clusters"]
    assert method["retained_texts"] < totals["comments"] / 3
    # ids: the members of clusters (listed in the report) and the comments whose text is shown
    assert method["retained_ids"] <= totals["comments_in_clusters"] + method["retained_texts"]


def test_blocks_never_cut_a_quoted_field():
    rows = "".join(f'{i},第五条,"第一行\n第二行，引号""{i}""",2025-03-01\n' for i in range(200)).encode()
    blocks = list(iter_blocks(io.BytesIO(rows), size=97))
    assert b"".join(blocks) == rows
    assert len(blocks) > 10
    for block in blocks:
        assert block.count(b'"') % 2 == 0 and block.endswith(b"\n")


def test_problems_are_those_of_read_comments_csv(tmp_path):
    content = (
        "id,provision,text,submitted_at\n"
        "1,第五条,正常的意见：电动自行车充电设施应当进小区,2025-03-01\n"
        "2,第五条,,2025-03-01\n"
        "3,第五条\n"
        "\n"
        "1,第六条,编号重复的意见,上周\n"
        ',第六条,"没有编号\n的意见",2025-03-01\n'
        "4,第六条,时间看不懂,上周三\n"
        "5,第七条,多了字段,2025-03-01,多余\n"
    )
    path = tmp_path / "c.csv"
    path.write_bytes(content.encode("gb18030"))
    expected = read_comments_csv(path)
    for block_bytes in (16, 1 << 20):
        got = analyze_comments_file(path, workers=1, block_bytes=block_bytes)
        assert got.problems == expected.problems
        assert got.rows == expected.rows == 7
        assert got.encoding == "gb18030"
        assert got.report["totals"]["comments"] == 2


def test_utf16_and_file_errors(tmp_path):
    path = tmp_path / "u.csv"
    path.write_bytes("id,provision,text,submitted_at\n1,第五条,我支持第五条的规定,2025-03-01\n".encode("utf-16"))
    got = analyze_comments_file(path, workers=1)
    assert got.encoding == "utf-16" and got.report["totals"]["comments"] == 1
    with pytest.raises(CommentFileError, match="缺少必需的列"):
        (tmp_path / "bad.csv").write_text("id,text\n1,x\n", encoding="utf-8")
        analyze_comments_file(tmp_path / "bad.csv", workers=1)
    with pytest.raises(CommentFileError, match="没有可分析的意见"):
        (tmp_path / "empty.csv").write_text("id,provision,text,submitted_at\n1,,,\n", encoding="utf-8")
        analyze_comments_file(tmp_path / "empty.csv", workers=1)
    with pytest.raises(CommentFileError, match="找不到文件"):
        analyze_comments_file(tmp_path / "none.csv", workers=1)


def test_block_generator_continues_ids_and_campaigns(tmp_path):
    path = tmp_path / "big.csv"
    assert write_comments_csv_blocks(2500, path, seed=3, block=1000, labels=True) == 2500
    rows = read_comments_csv(path).comments
    assert len(rows) == 2500 and len({r.id for r in rows}) == 2500
    streamed = analyze_comments_file(path, workers=1)
    batch = analyze_comments(rows)
    assert streamed.report["totals"] == batch["totals"]
