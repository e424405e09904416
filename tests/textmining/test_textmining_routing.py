import numpy as np
import pytest

from renda.textmining.evaluate import evaluate_routing, split_by_group
from renda.textmining.routing import UnitRouter


def test_split_by_group_never_leaks_duplicates(small_suggestions):
    train, test = split_by_group(small_suggestions, seed=1)
    assert not {s.group for s in train} & {s.group for s in test}
    assert len(train) + len(test) == len(small_suggestions)


def test_router_beats_the_majority_baseline_clearly(small_suggestions):
    result = evaluate_routing(small_suggestions)
    assert result["top1"] >= result["baseline_top1"] + 0.5
    assert result["top1"] >= 0.7 and result["top3"] >= 0.9
    assert result["top3"] >= result["top1"]


@pytest.fixture(scope="module")
def router(small_suggestions):
    return UnitRouter().fit([s.full_text for s in small_suggestions], [s.units for s in small_suggestions])


def test_rank_gives_sorted_probabilities(router):
    ranked = router.rank("建议优化学校周边交通组织，在上下学时段增设护学岗，解决接送车辆乱停乱放问题", k=3)
    assert len(ranked) == 3
    probs = [p for _, p in ranked]
    assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1.0 + 1e-6
    assert {u for u, _ in ranked} & {"市公安局交通警察支队", "市教育局", "市交通运输局"}
    assert router.rank("医保异地就医备案手续繁琐，直接结算的医院太少", k=1)[0][0] == "市医疗保障局"
    proba = router.predict_proba(["任意文本", ""])
    assert np.allclose(proba.sum(axis=1), 1.0)


def test_save_and_load_roundtrip(router, tmp_path):
    router.save(tmp_path / "router")
    loaded = UnitRouter.load(tmp_path / "router")
    texts = ["老旧小区加装电梯审批难", "农村公路路面破损严重，养护长期缺位"]
    assert loaded.rank_many(texts, k=3) == router.rank_many(texts, k=3)


@pytest.mark.parametrize("model", ["sgd", "svc"])
def test_other_models_fit_and_rank(small_suggestions, model):
    records = small_suggestions[:300]
    router = UnitRouter(model=model, n_features=1 << 16).fit([s.full_text for s in records], [s.unit for s in records])
    assert len(router.rank(records[0].full_text, k=5)) == 5


def test_fit_rejects_bad_input():
    with pytest.raises(ValueError):
        UnitRouter().fit(["a", "b"], ["市教育局", "市教育局"])
    with pytest.raises(ValueError):
        UnitRouter(model="bert")
    with pytest.raises(RuntimeError):
        UnitRouter().rank("未训练")
