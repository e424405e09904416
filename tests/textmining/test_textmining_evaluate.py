from renda.textmining.evaluate import evaluate_campaigns


def test_campaign_metrics_definitions():
    truth = {i: (1 if i < 10 else 2 if i < 20 else None) for i in range(40)}
    result = {"clusters": [
        {"ids": [*range(8), 30], "size": 9, "campaign": True},  # campaign 1, one organic member
        {"ids": list(range(10, 14)), "size": 4, "campaign": True},  # 4 of 10 copies of campaign 2
        {"ids": [31, 32, 33], "size": 3, "campaign": True},  # organic: a false alarm
        {"ids": [14, 15], "size": 2, "campaign": False},  # not flagged
    ]}
    m = evaluate_campaigns(result, truth)
    assert m["planted_campaigns"] == 2 and m["flagged_clusters"] == 3
    assert m["cluster_precision"] == 2 / 3
    assert m["campaign_recall"] == 1 / 2  # campaign 2 is less than half covered
    assert m["member_precision"] == (8 + 4) / (9 + 4 + 3)
    assert m["member_recall"] == (8 + 4) / 20
