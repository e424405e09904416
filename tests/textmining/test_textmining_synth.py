from collections import Counter
from importlib import resources

from renda.textmining.evaluate import (
    EVAL_FILE,
    EVAL_SEED,
    EVAL_SIZE,
    load_eval_suggestions,
    regenerate_eval_suggestions,
)
from renda.textmining.synth import (
    CATEGORIES,
    UNIT_NAMES,
    generate_comments,
    generate_suggestions,
    suggestions_to_jsonl,
)


def test_suggestions_are_deterministic_and_seed_dependent():
    a = generate_suggestions(300, seed=3)
    assert a == generate_suggestions(300, seed=3)
    assert a != generate_suggestions(300, seed=4)
    assert len(a) == 300 and len({s.id for s in a}) == 300


def test_suggestions_cover_units_categories_and_duplicates(small_suggestions):
    assert len(UNIT_NAMES) == 40 and len(CATEGORIES) == 15
    units = Counter(s.unit for s in small_suggestions)
    assert len(units) >= 35
    assert {s.category for s in small_suggestions} == set(CATEGORIES)
    kinds = Counter(s.kind for s in small_suggestions)
    assert kinds["near_duplicate"] > 50 and kinds["paraphrase"] > 30
    groups = Counter(s.group for s in small_suggestions)
    assert any(n >= 3 for n in groups.values())
    for s in small_suggestions[:50]:
        assert s.title and len(s.text) > 40 and s.units[0] in UNIT_NAMES


def test_near_duplicates_share_their_group_and_look_alike(small_suggestions):
    by_group = {}
    for s in small_suggestions:
        by_group.setdefault(s.group, []).append(s)
    pairs = [(g[0], g[1]) for g in by_group.values() if len(g) >= 2]
    assert pairs
    for a, b in pairs:
        assert a.units == b.units and a.category == b.category


def test_committed_evaluation_set_is_reproducible():
    committed = resources.files("renda.textmining").joinpath("data", EVAL_FILE).read_bytes()
    assert len(committed) < 3_000_000
    assert regenerate_eval_suggestions().encode("utf-8") == committed, (
        f"regenerate with generate_suggestions({EVAL_SIZE}, seed={EVAL_SEED})"
    )
    records = load_eval_suggestions()
    assert len(records) == EVAL_SIZE
    assert suggestions_to_jsonl(records).encode("utf-8") == committed


def test_comments_are_deterministic_with_planted_campaigns():
    a = generate_comments(2000, seed=9, campaigns=2)
    assert a == generate_comments(2000, seed=9, campaigns=2)
    assert len(a) == 2000 and len({c.id for c in a}) == 2000
    sizes = Counter(c.campaign for c in a if c.campaign is not None)
    assert len(sizes) == 2 and all(n >= 30 for n in sizes.values())
    assert [c.submitted_at for c in a] == sorted(c.submitted_at for c in a)
    assert any(c.provision == "" for c in a) and any(c.provision.startswith("第") for c in a)
    copies = [c.text for c in a if c.campaign == 1]
    assert len(set(copies)) > len(copies) // 3  # edited copies, not one text repeated
