from collections import Counter

import pytest

from renda.textmining.comments import Comment, analyze_comments, parse_day, provision_sort_key
from renda.textmining.evaluate import evaluate_campaigns


def test_planted_campaigns_are_found(campaign_comments, campaign_analysis):
    truth = {c.id: c.campaign for c in campaign_comments}
    scores = evaluate_campaigns(campaign_analysis, truth)
    assert scores["planted_campaigns"] == 3
    for key in ("cluster_precision", "campaign_recall", "member_precision", "member_recall"):
        assert scores[key] >= 0.95, (key, scores)


def test_duplicates_are_collapsed_never_dropped(campaign_comments, campaign_analysis):
    result = campaign_analysis
    totals = result["totals"]
    assert totals["comments"] == len(campaign_comments)
    assert sum(c["size"] for c in result["clusters"]) + totals["singletons"] == len(campaign_comments)
    listed = [i for c in result["clusters"] for i in c["ids"]]
    assert len(listed) == len(set(listed)) == totals["comments_in_clusters"]
    assert set(listed) <= {c.id for c in campaign_comments}
    assert all(c["size"] == len(c["ids"]) >= 2 for c in result["clusters"])
    assert totals["distinct"] == totals["clusters"] + totals["singletons"]


def test_short_stock_comments_cluster_but_are_no_campaign(campaign_analysis):
    stock = [c for c in campaign_analysis["clusters"] if c["representative"].strip("。！") in {"同意", "支持", "反对"}]
    assert stock
    assert not any(c["campaign"] for c in stock)


def test_per_provision_counts_keywords_and_representatives(campaign_comments, campaign_analysis):
    per = campaign_analysis["per_provision"]
    counts = Counter(c.provision for c in campaign_comments)
    assert {p: v["comments"] for p, v in per.items()} == dict(counts)
    assert list(per) == sorted(per, key=provision_sort_key)
    assert per[""]["label"] == "全文"
    for p, v in per.items():
        assert v["participants"] <= v["comments"]
        assert v["distinct"] <= v["comments"]
        assert v["keywords"], p
        assert v["representatives"], p
    assert sum(v["campaign_comments"] for v in per.values()) == campaign_analysis["totals"]["comments_in_campaigns"]
    words = {k["word"] for k in per["第十六条"]["keywords"]}
    assert words & {"搭载", "载人", "孩子", "未成年人"}


def test_timeline_per_day(campaign_comments, campaign_analysis):
    timeline = campaign_analysis["timeline"]
    assert sum(timeline["per_day"].values()) + timeline["unknown"] == len(campaign_comments)
    assert list(timeline["per_day"]) == sorted(timeline["per_day"])
    assert timeline["peak_day"] in timeline["per_day"]
    for day, n in timeline["campaign_per_day"].items():
        assert n <= timeline["per_day"][day]


def test_accepts_dicts_and_tuples_and_reports_progress():
    rows = [
        {"id": 1, "provision": "第五条", "text": "我反对第五条关于部门职责的规定，多个部门都管等于没人管。", "submitted_at": "2025/3/1 9:00"},
        Comment(2, "第五条", "我反对第五条关于部门职责的规定，多个部门都管等于没人管！", "2025年3月2日"),
        {"id": 3, "provision": "", "text": "同意", "submitted_at": ""},
    ]
    calls = []
    result = analyze_comments(rows, progress=lambda done, total: calls.append((done, total)))
    assert result["clusters"][0]["ids"] == [1, 2]
    assert result["totals"]["participants"] is None
    assert result["timeline"]["per_day"] == {"2025-03-01": 1, "2025-03-02": 1}
    assert result["timeline"]["unknown"] == 1
    assert calls and calls[-1][0] == calls[-1][1] == 6
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_empty_input():
    result = analyze_comments([])
    assert result["totals"]["comments"] == 0 and result["clusters"] == []


@pytest.mark.parametrize(
    ("value", "day"),
    [("2025-03-01 10:00:00", "2025-03-01"), ("2025/3/1", "2025-03-01"), ("2025年3月1日 上午", "2025-03-01"),
     ("2025-03-01T08:00:00+08:00", "2025-03-01"), ("昨天", None), ("2025-13-01", None), ("", None)],
)
def test_parse_day(value, day):
    assert parse_day(value) == day


def test_provision_order():
    items = ["第十二条", "", "附则", "第五条", "第一百零一条", "第3条"]
    assert sorted(items, key=provision_sort_key) == ["", "第3条", "第五条", "第十二条", "第一百零一条", "附则"]
