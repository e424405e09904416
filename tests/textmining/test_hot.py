import datetime as dt
import subprocess
import sys

import pytest

from renda.textmining.hot import Doc, rising_topics, week_starts, weekly_counts, windows

TODAY = dt.date(2026, 11, 26)  # a Thursday


def split(text):
    return text.split()


def docs(day, text, n, start_id=0, category=""):
    return [Doc(day=day, text=text, id=start_id + i, category=category) for i in range(n)]


def test_windows_are_adjacent_and_end_after_today():
    (r0, r1), (p0, p1) = windows(TODAY, 4)
    assert r1 == TODAY + dt.timedelta(days=1)
    assert r1 - r0 == dt.timedelta(weeks=4) == p1 - p0
    assert p1 == r0
    with pytest.raises(ValueError):
        windows(TODAY, 0)


def test_a_word_that_grows_faster_than_the_channel_rises():
    recent = TODAY - dt.timedelta(days=3)
    earlier = TODAY - dt.timedelta(days=40)
    corpus = (
        docs(recent, "黑臭水体 河道", 12, 0, "生态环境")
        + docs(recent, "停车 小区", 4, 100, "交通")
        + docs(earlier, "停车 小区", 4, 200, "交通")
        + docs(earlier, "黑臭水体", 1, 300, "生态环境")
    )
    topics = rising_topics(corpus, today=TODAY, weeks=4, top=5, min_count=3, tokenize=split)
    words = [t.word for t in topics]
    assert words[:2] == ["河道", "黑臭水体"] or words[:2] == ["黑臭水体", "河道"]
    # 停车 kept its share as the volume grew (4 of 5 before, 4 of 16 now): not rising.
    assert "停车" not in words and "小区" not in words
    top = next(t for t in topics if t.word == "黑臭水体")
    assert (top.recent, top.previous) == (12, 1)
    assert top.expected == pytest.approx(1 * 16 / 5)
    assert top.score == pytest.approx((12 - 3.2) / (4.2 ** 0.5), abs=1e-3)
    assert top.category == "生态环境"
    assert len(top.ids) == 5 and set(top.ids) <= set(range(12))
    assert top.growth == 12.0


def test_documents_count_a_word_once_and_rare_words_are_ignored():
    recent = TODAY - dt.timedelta(days=1)
    corpus = docs(recent, "养老 养老 养老 养老", 2) + docs(recent, "托育", 3, 10)
    topics = rising_topics(corpus, today=TODAY, weeks=2, min_count=3, tokenize=split)
    assert [(t.word, t.recent) for t in topics] == [("托育", 3)]


def test_one_character_words_and_numbers_are_not_topics():
    recent = TODAY - dt.timedelta(days=1)
    corpus = docs(recent, "水 2026 30% 学位", 5)
    assert [t.word for t in rising_topics(corpus, today=TODAY, weeks=1, tokenize=split)] == ["学位"]


def test_items_outside_both_windows_are_ignored_and_empty_input_gives_nothing():
    old = TODAY - dt.timedelta(weeks=20)
    assert rising_topics(docs(old, "加装电梯", 10), today=TODAY, weeks=4, tokenize=split) == []
    assert rising_topics([], today=TODAY, tokenize=split) == []


def test_a_falling_word_never_rises_and_top_limits_the_list():
    recent = TODAY - dt.timedelta(days=2)
    earlier = TODAY - dt.timedelta(days=35)
    corpus = docs(earlier, "噪音", 20) + docs(recent, "噪音", 3, 100)
    for i in range(6):
        corpus += docs(recent, f"话题{i}", 3 + i, 1000 * (i + 1))
    topics = rising_topics(corpus, today=TODAY, weeks=4, top=3, tokenize=split)
    assert len(topics) == 3
    assert "噪音" not in [t.word for t in topics]
    assert [t.word for t in topics] == ["话题5", "话题4", "话题3"]


def test_default_tokenizer_segments_chinese():
    recent = TODAY - dt.timedelta(days=1)
    corpus = docs(recent, "老旧小区加装电梯进展太慢", 3)
    words = [t.word for t in rising_topics(corpus, today=TODAY, weeks=1)]
    assert "加装电梯" in words and "老旧小区" in words


def test_weekly_counts_bucket_by_monday():
    starts = week_starts(TODAY, 3)
    assert starts == [dt.date(2026, 11, 9), dt.date(2026, 11, 16), dt.date(2026, 11, 23)]
    items = [(dt.date(2026, 11, 9), "教育"), (dt.date(2026, 11, 15), "教育"), (dt.date(2026, 11, 26), "教育"),
             (dt.date(2026, 11, 20), "医疗"), (dt.date(2026, 11, 1), "医疗"), (dt.date(2026, 11, 30), "医疗")]
    got_starts, series = weekly_counts(items, today=TODAY, weeks=3)
    assert got_starts == starts
    assert series == {"教育": [2, 0, 1], "医疗": [0, 1, 0]}


def test_hot_never_imports_django():
    code = ("import sys, datetime as dt\n"
            "from renda.textmining import hot\n"
            "hot.rising_topics([hot.Doc(dt.date(2026,1,1), 'a b')], today=dt.date(2026,1,2), tokenize=str.split)\n"
            "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
            "assert not bad, bad\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
