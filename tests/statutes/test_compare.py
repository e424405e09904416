import itertools
import json

import pytest

from renda.statutes import char_diff, compare, parse_text

NEW_ARTICLE = "本市鼓励社会力量通过认建认养等方式参与城市绿化建设和养护，具体办法另行制定。"


@pytest.fixture(scope="module")
def changes(statute_text):
    """``changes(old_bodies, new_bodies)`` → (comparison, [(kind, old labels, new labels)])."""

    def run(old: list[str], new: list[str]):
        result = compare(parse_text(statute_text(old)), parse_text(statute_text(new)))
        return result, [(r.kind, [u.label for u in r.old], [u.label for u in r.new]) for r in result.rows]

    return run


def test_identical_versions_are_unchanged(green, changes):
    result, rows = changes(green, green)
    assert {kind for kind, _, _ in rows} == {"unchanged"}
    assert result.summary["unchanged"] == len(green)
    assert result.changed_rows() == []
    assert result.summary_text().endswith("其中条文内容无变化。")


def test_added_and_renumbered(green, changes):
    result, rows = changes(green[:5], [*green[:2], NEW_ARTICLE, *green[2:5]])
    assert rows == [
        ("unchanged", ["第一条"], ["第一条"]),
        ("unchanged", ["第二条"], ["第二条"]),
        ("added", [], ["第三条"]),
        ("renumbered", ["第三条"], ["第四条"]),
        ("renumbered", ["第四条"], ["第五条"]),
        ("renumbered", ["第五条"], ["第六条"]),
    ]
    assert result.summary["added"] == 1 and result.summary["renumbered"] == 3
    renumbered = result.rows[3]
    assert [(s.op, s.text) for s in renumbered.diff][:3] == [
        ("equal", "第"),
        ("delete", "三"),
        ("insert", "四"),
    ]


def test_deleted(green, changes):
    _, rows = changes(green[:5], [green[0], green[1], green[3], green[4]])
    assert rows[2] == ("deleted", ["第三条"], [])
    assert rows[3] == ("renumbered", ["第四条"], ["第三条"])


def test_modified_with_char_diff(green, changes):
    new = green[1].replace("统一监督管理", "统一监督管理和综合协调")
    result, rows = changes(green[:3], [green[0], new, green[2]])
    assert rows[1] == ("modified", ["第二条"], ["第二条"])
    row = result.rows[1]
    assert [(s.op, s.text) for s in row.diff if s.op != "equal"] == [("insert", "和综合协调")]
    assert 0.4 < row.similarity < 1


def test_moved(green, changes):
    _, rows = changes(green[:7], [green[0], green[2], green[3], green[4], green[5], green[1], green[6]])
    kinds = dict((tuple(old), kind) for kind, old, _ in rows)
    assert kinds[("第二条",)] == "moved"
    assert ("moved", ["第二条"], ["第六条"]) in rows
    assert [k for k in kinds.values() if k in ("added", "deleted")] == []


def test_split(green, changes):
    part1, part2 = green[2][:20] + "。", "并有" + green[2][20:]
    _, rows = changes(green[:4], [green[0], green[1], part1, part2, green[3]])
    assert ("split", ["第三条"], ["第三条", "第四条"]) in rows
    assert ("renumbered", ["第四条"], ["第五条"]) in rows


def test_merged(green, changes):
    _, rows = changes(green[:4], [green[0], green[1] + "\n" + green[2], green[3]])
    assert ("merged", ["第二条", "第三条"], ["第二条"]) in rows
    assert not any(kind in ("added", "deleted") for kind, _, _ in rows)


def test_rewritten_article_is_deleted_and_added(green, changes):
    _, rows = changes(green[:3], [green[0], NEW_ARTICLE, green[2]])
    assert ("deleted", ["第二条"], []) in rows and ("added", [], ["第二条"]) in rows


def test_headings_are_compared_too(green):
    old = parse_text(
        "# 条例\n<!-- INFO END -->\n## 第一章 总则\n第一条 "
        + green[0]
        + "\n## 第二章 管理\n第二条 "
        + green[1]
    )
    new = parse_text(
        "# 条例\n<!-- INFO END -->\n## 第一章 总则\n第一条 "
        + green[0]
        + "\n## 第二章 监督管理\n第二条 "
        + green[1]
    )
    result = compare(old, new)
    heading_rows = [r for r in result.rows if r.unit == "chapter"]
    assert [r.kind for r in heading_rows] == ["unchanged", "modified"]
    assert result.summary["other_changes"] == 1
    assert result.summary["unchanged"] == 2  # articles only


def test_rows_follow_the_new_order(green, changes):
    _, rows = changes(green[:5], [green[0], NEW_ARTICLE, green[2], green[3], green[4]])
    assert [r[0] for r in rows] == ["unchanged", "deleted", "added", "unchanged", "unchanged", "unchanged"]


def test_json_shape(green, changes):
    result, _ = changes(green[:3], [green[0], green[1].replace("统一", "统筹"), NEW_ARTICLE])
    data = json.loads(result.to_json())
    assert set(data) >= {"rows", "summary", "summary_text"}
    for row in data["rows"]:
        assert row["kind"] in (
            "unchanged",
            "modified",
            "renumbered",
            "moved",
            "added",
            "deleted",
            "split",
            "merged",
        )
        assert all(label.startswith("第") for label in row["old"] + row["new"])
    modified = next(r for r in data["rows"] if r["kind"] == "modified")
    assert {"op": "delete", "text": "一"} in modified["diff"] and {"op": "insert", "text": "筹"} in modified[
        "diff"
    ]
    assert set(data["summary"]) >= {
        "unchanged",
        "modified",
        "added",
        "deleted",
        "old_articles",
        "new_articles",
    }
    changed = json.loads(result.to_json(changes_only=True))["rows"]
    assert all(r["kind"] != "unchanged" for r in changed)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("市人民政府负责", "市、区人民政府负责"),
        ("应当在三十日内答复", "应当在十五个工作日内书面答复"),
        ("", "新增"),
        ("删除", ""),
        ("完全相同", "完全相同"),
    ],
)
def test_char_diff_reconstructs_both_sides(a, b):
    segs = char_diff(a, b)
    assert "".join(s.text for s in segs if s.op != "insert") == a
    assert "".join(s.text for s in segs if s.op != "delete") == b
    for x, y in itertools.pairwise(segs):
        assert x.op != y.op  # coalesced


def test_char_diff_does_not_fragment_on_single_shared_characters():
    segs = char_diff("由市人民政府统一组织实施", "由区县财政部门分别负责落实")
    edits = [s for s in segs if s.op != "equal"]
    assert len(edits) == 2  # one deletion, one insertion: no confetti of shared characters
