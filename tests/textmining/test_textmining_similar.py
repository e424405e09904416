import json

import numpy as np
import pytest

from renda.textmining.evaluate import evaluate_duplicates
from renda.textmining.similar import DUPLICATE_THRESHOLD, SimilarIndex


@pytest.fixture(scope="module")
def index(small_suggestions):
    return SimilarIndex.build((s.id, s.full_text) for s in small_suggestions)


def _edited(text: str) -> str:
    # What a second deputy would send: a lead-in sentence, other punctuation, one word changed.
    return "本人在走访中也发现，" + text.replace("，", ",").replace("加强", "强化")


def test_finds_a_planted_near_duplicate(index, small_suggestions):
    for s in small_suggestions[:40]:
        best_id, score = index.query(_edited(s.full_text), k=3)[0]
        assert best_id == s.id
        assert score >= DUPLICATE_THRESHOLD
        assert s.id in [i for i, _ in index.duplicates(_edited(s.full_text))]


def test_query_results_are_sorted_and_bounded(index, small_suggestions):
    results = index.query(small_suggestions[0].full_text, k=10)
    assert len(results) == 10
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] <= 1.0
    assert index.query("完全无关的英文 text only", k=5, min_score=0.9) == []
    assert small_suggestions[0].id not in [i for i, _ in index.neighbors(small_suggestions[0].id, 5)]


def test_incremental_add_replace_and_remove(small_suggestions):
    items = [(s.id, s.full_text) for s in small_suggestions[:300]]
    index = SimilarIndex.build(items)
    newcomer = small_suggestions[400]
    index.add([("NEW", newcomer.full_text)])
    assert len(index) == 301 and "NEW" in index
    assert index.query(_edited(newcomer.full_text), k=1)[0][0] == "NEW"
    index.add([("NEW", small_suggestions[401].full_text)])  # same id: replaced
    assert len(index) == 301
    assert index.query(_edited(small_suggestions[401].full_text), k=1)[0][0] == "NEW"
    index.remove("NEW")
    assert "NEW" not in index and len(index) == 300
    assert all(i != "NEW" for i, _ in index.query(small_suggestions[401].full_text, k=20))
    index.add((f"X{i}", s.full_text) for i, s in enumerate(small_suggestions[500:1600]))  # forces a compaction
    assert len(index) == 300 + len(small_suggestions[500:1600])
    s = small_suggestions[700]
    assert index.query(_edited(s.full_text), k=1)[0][0] == "X200"


def test_save_and_load_give_the_same_answers(index, small_suggestions, tmp_path):
    index.save(tmp_path / "idx")
    meta = json.loads((tmp_path / "idx" / "meta.json").read_text(encoding="utf-8"))
    assert meta["kind"] == "SimilarIndex" and len(meta["ids"]) == len(index)
    with np.load(tmp_path / "idx" / "index.npz", allow_pickle=False) as z:
        assert all(z[name].dtype != object for name in z.files)
    loaded = SimilarIndex.load(tmp_path / "idx")
    for s in small_suggestions[:20]:
        assert loaded.query(s.full_text, k=5) == index.query(s.full_text, k=5)


def test_unsaveable_ids_are_refused(tmp_path):
    index = SimilarIndex.build([((1, 2), "一个元组编号的建议内容")])
    with pytest.raises(TypeError):
        index.save(tmp_path / "bad")


def test_duplicate_groups_and_pairwise_quality(small_suggestions):
    records = small_suggestions[:500]
    index = SimilarIndex.build((s.id, s.full_text) for s in records)
    group_of = {s.id: s.group for s in records}
    groups = index.duplicate_groups()
    assert groups
    pure = sum(1 for g in groups if len({group_of[i] for i in g}) == 1)
    assert pure / len(groups) > 0.7
    quality = evaluate_duplicates(records, index=index)[DUPLICATE_THRESHOLD]
    assert quality["precision"] > 0.7 and quality["recall"] > 0.6
