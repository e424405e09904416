from renda.textmining.words import STOPWORDS, keywords, segment


def test_segment_drops_punctuation_and_stopwords():
    words = segment("建议加强中小学课后服务，丰富课后服务内容！")
    assert "课后服务" in words
    assert "，" not in words and "！" not in words
    assert "建议" not in words  # a stopword of suggestions
    assert "的" in STOPWORDS


def test_segment_keeps_stopwords_on_request_and_normalises():
    assert "的" in segment("我的意见", stopwords=False)
    assert segment("ＡＢＣ１２３") == ["ABC123"]
    assert segment("") == [] and segment("，。！") == []


def test_keywords_rank_topical_words_first():
    texts = [
        "老旧小区加装电梯审批流程繁琐，建议简化加装电梯审批。",
        "加装电梯资金分摊难，低层住户意见不一。",
        "希望政府补贴老旧小区加装电梯。",
    ]
    words = [w for w, _ in keywords(texts, k=5)]
    assert words[0] == "加装电梯"
    assert "老旧小区" in words
    assert keywords([], k=5) == [] and keywords("，。", k=5) == []


def test_keywords_ignore_numbers_and_article_references():
    words = [w for w, _ in keywords(["第十六条规定只能搭载一名儿童，2025年起实行，搭载两名儿童更合理。"], k=10)]
    assert "搭载" in words
    assert not any(w.startswith("第") or w.isdigit() or w in {"一名", "两名"} for w in words)
