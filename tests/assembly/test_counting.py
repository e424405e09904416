"""The pure counting of elections and of the 民生实事 票决: edges and properties (组织法 第二十五条、第二十九条)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from renda.assembly.elections import counting
from renda.assembly.livelihood import ranking


def ballots(rows):
    return [{"choices": dict(r), "write_ins": []} for r in rows]


def test_exactly_half_of_all_deputies_is_not_elected():
    # 10 deputies; candidate a gets 5 (exactly half: not elected), b gets 6
    rows = [{"a": "yes", "b": "yes"}] * 5 + [{"a": "no", "b": "yes"}] + [{"a": "no", "b": "no"}] * 4
    r = counting.count(candidates=["a", "b"], ballots=ballots(rows), places=2, total_deputies=10, voters=10)
    assert r.yes == {"a": 5, "b": 6}
    assert r.ranking.winners == ("b",)
    assert r.ranking.shortfall == 1
    assert r.needed == 6


def test_majority_is_of_all_deputies_not_of_those_voting():
    # 7 of 12 deputies vote, all for a: 7 > 6 elected; with 13 deputies 7 > 6.5 still elected; 6 of 12 not
    r = counting.count(candidates=["a"], ballots=ballots([{"a": "yes"}] * 6), places=1, total_deputies=12, voters=6)
    assert r.ranking.winners == ()
    r = counting.count(candidates=["a"], ballots=ballots([{"a": "yes"}] * 7), places=1, total_deputies=13, voters=7)
    assert r.ranking.winners == ("a",)


def test_more_pass_than_places_the_highest_win():
    rows = ([{"a": "yes", "b": "yes", "c": "no"}] * 6 + [{"a": "yes", "b": "no", "c": "yes"}] * 2
            + [{"a": "no", "b": "yes", "c": "yes"}] * 1)
    r = counting.count(candidates=["a", "b", "c"], ballots=ballots(rows), places=2, total_deputies=9, voters=9)
    assert r.yes == {"a": 8, "b": 7, "c": 3}
    assert r.ranking.winners == ("a", "b")


def test_a_tie_at_the_cut_goes_to_a_further_vote_among_the_tied():
    # places 2: a 9, b 7, c 7 (all pass 10 deputies? 7 > 5) → a elected, b and c tied for one place
    votes = {"a": 9, "b": 7, "c": 7, "d": 2}
    r = counting.rank(votes, 2, lambda v: counting.more_than_half(v, 10))
    assert r.winners == ("a",)
    assert set(r.tied) == {"b", "c"} and r.tie_places == 1


def test_equal_votes_that_all_fit_are_no_tie():
    r = counting.rank({"a": 7, "b": 7, "c": 3}, 2, lambda v: counting.more_than_half(v, 10))
    assert r.winners == ("a", "b") and not r.tied


def test_too_few_pass_leaves_a_shortfall():
    r = counting.rank({"a": 6, "b": 5, "c": 5}, 3, lambda v: counting.more_than_half(v, 10))
    assert r.winners == ("a",) and r.shortfall == 2


def test_a_ballot_marking_more_than_the_places_is_void_and_more_ballots_than_voters_voids_the_vote():
    rows = [{"a": "yes", "b": "yes"}]
    r = counting.count(candidates=["a", "b"], ballots=ballots(rows), places=1, total_deputies=3, voters=1)
    assert r.invalid == 1 and r.yes == {"a": 0, "b": 0}
    r = counting.count(candidates=["a"], ballots=ballots([{"a": "yes"}] * 3), places=1, total_deputies=5, voters=2)
    assert r.void


def test_a_write_in_counts_and_can_be_elected():
    bs = [{"choices": {"a": "no"}, "write_ins": ["张三"]}] * 6 + [{"choices": {"a": "yes"}, "write_ins": []}] * 4
    r = counting.count(candidates=["a"], ballots=bs, places=1, total_deputies=10, voters=10)
    assert r.write_ins == {"张三": 6}
    assert r.ranking.winners == (("write_in", "张三"),)


def test_margins_of_article_27():
    assert counting.margin_error("chief", 1, 2) == ""
    assert counting.margin_error("chief", 1, 1) == ""  # only one nominated: 等额 allowed
    assert "预选" in counting.margin_error("chief", 1, 3)
    assert counting.margin_error("deputy", 6, 7) == "" and counting.margin_error("deputy", 6, 9) == ""
    assert counting.margin_error("deputy", 6, 6) and "预选" in counting.margin_error("deputy", 6, 10)
    # 委员 45 places: 多十分之一至五分之一 → 5 to 9 more (4.5 rounds up; 9 itself allowed)
    assert counting.margin_error("member", 45, 49)
    assert counting.margin_error("member", 45, 50) == "" and counting.margin_error("member", 45, 54) == ""
    assert counting.margin_error("member", 45, 55)
    # exactly a tenth and exactly a fifth are included
    assert counting.margin_error("member", 20, 22) == "" and counting.margin_error("member", 20, 24) == ""
    assert counting.margin_error("by_election", 2, 2) == ""


def test_livelihood_ranking_base_and_tie():
    # 12 candidates, 10 places; base all = 20 deputies (11 needed); the 10th and 11th tie at 12
    votes = {i: v for i, v in enumerate([19, 18, 18, 17, 16, 15, 14, 13, 13, 12, 12, 4])}
    r = ranking.decide(votes, 10, base=20)
    assert r.winners == (0, 1, 2, 3, 4, 5, 6, 7, 8) and set(r.tied) == {9, 10} and r.tie_places == 1
    # exactly half of the base is not enough
    r = ranking.decide({1: 10, 2: 11}, 2, base=20)
    assert r.winners == (2,) and r.shortfall == 1
    assert ranking.base_of("出席会议的代表", total=20, present=15) == 15
    assert ranking.base_of("全体代表", total=20, present=15) == 20
    assert ranking.ballot_error({"1": "yes", "2": "yes"}, candidates={"1", "2", "3"}, places=1)
    assert ranking.ballot_error({"9": "yes"}, candidates={"1"}, places=1)


choice = st.sampled_from(["yes", "no", "abstain"])


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 6), places=st.integers(1, 4), total=st.integers(1, 40), data=st.data())
def test_counting_properties(n, places, total, data):
    keys = [f"c{i}" for i in range(n)]
    voters = data.draw(st.integers(0, total))
    rows = data.draw(st.lists(st.fixed_dictionaries({k: choice for k in keys}), max_size=voters))
    r = counting.count(candidates=keys, ballots=ballots(rows), places=places, total_deputies=total, voters=voters)
    rk = r.ranking
    if rk.tied:
        assert len(rk.winners) + rk.tie_places == places and rk.shortfall == 0
    else:
        assert len(rk.winners) + rk.shortfall == places
    for w in rk.winners:  # every winner has more than half of ALL deputies
        assert 2 * r.yes[w] > total
    for k in keys:  # nobody with half or less wins; counts add up on valid ballots
        if 2 * r.yes[k] <= total:
            assert k not in rk.winners and k not in rk.tied
        assert r.yes[k] + r.no[k] + r.abstain[k] == r.cast - r.invalid
    if rk.tied:  # the tied share one count, below every winner's, and there are more of them than places left
        counts = {r.yes[k] for k in rk.tied}
        assert len(counts) == 1 and len(rk.tied) > rk.tie_places > 0
        cut = counts.pop()
        assert all(r.yes[w] > cut for w in rk.winners)
    losers = [k for k in keys if k not in rk.winners and k not in rk.tied]
    for w in rk.winners:
        for k in losers:
            assert r.yes[w] >= r.yes[k]
