"""Property: parse → render → parse gives an equal tree, on generated statutes.

The generator writes statute text from a random structure (chapters, sections,
articles with 之一, paragraphs, items, sub-items, preamble, notes) with random
formatting noise: Markdown or plain headings, ideographic spaces, ASCII
parentheses, full-width dots, zero-width characters, blank lines.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.statutes import StatuteParseError, int_to_cn, parse_text, render
from renda.statutes.normalize import clean

# first characters that cannot start a structural line (第, （, digits, 附, 目, 序, numerals …)
SAFE_FIRST = "本市人民政府应当依法对有关单位组织建设管理规定公民个人企业社会部门机关"
BODY = SAFE_FIRST + "第条款项（）()，。；：、“”《》〈〉12345abcXYZ 的了和或者及其以上下"
SPACES = ["", " ", "\u3000", "  ", "\u3000\u3000"]

text = st.builds(
    lambda first, rest: clean(first + rest),
    st.sampled_from(SAFE_FIRST),
    st.text(alphabet=BODY, max_size=30),
)


@st.composite
def statutes(draw):
    """(raw text, expected article labels, expected paragraph texts per article)."""
    markdown = draw(st.booleans())
    lines: list[str] = []
    noise = draw(st.lists(st.sampled_from(SPACES), min_size=64, max_size=64))
    k = 0

    def sp():
        nonlocal k
        k += 1
        return noise[k % 64]

    def emit(line):
        lines.append(line)
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", " ", "\u200b"])))

    emit(("# " if markdown else "") + draw(text))
    for _ in range(draw(st.integers(0, 2))):
        emit(f"20{draw(st.integers(10, 25))}年{draw(st.integers(1, 12))}月1日 " + draw(text))
    if markdown:
        emit("<!-- INFO END -->")
    for _ in range(draw(st.integers(0, 2))):
        emit(draw(text))

    expected_labels: list[str] = []
    expected_paras: list[list[str]] = []
    num = 0

    def article():
        nonlocal num
        num += 1
        for suffix in range(draw(st.integers(0, 1)) + 1):
            label = f"第{int_to_cn(num)}条" + (f"之{int_to_cn(suffix)}" if suffix else "")
            expected_labels.append(label)
            paras = []
            first = draw(text)
            emit(sp() + label + draw(st.sampled_from([" ", "\u3000", "  "])) + first + sp())
            paras.append(first)
            for p in range(draw(st.integers(0, 2))):
                if p or draw(st.booleans()):
                    para = draw(text)
                    emit(sp() + para)
                    paras.append(para)
                for i in range(draw(st.integers(0, 3))):
                    lp, rp = draw(st.sampled_from([("（", "）"), ("(", ")")]))
                    emit(f"{sp()}{lp}{int_to_cn(i + 1)}{rp}{sp()}{draw(text)}")
                    for j in range(draw(st.integers(0, 2))):
                        emit(f"{j + 1}{draw(st.sampled_from(['.', '．', '、']))}{draw(text)}")
            expected_paras.append(paras)

    chapters = draw(st.integers(0, 3))
    if not chapters:
        for _ in range(draw(st.integers(1, 4))):
            article()
    for c in range(chapters):
        h = "## " if markdown else ""
        emit(f"{h}第{int_to_cn(c + 1)}章{sp() or ' '}{draw(text)}")
        sections = draw(st.integers(0, 2))
        for _ in range(draw(st.integers(0 if sections else 1, 2))):
            article()
        for s in range(sections):
            h = "### " if markdown else ""
            emit(f"{h}第{int_to_cn(s + 1)}节 {draw(text)}")
            for _ in range(draw(st.integers(1, 2))):
                article()
    return "\n".join(lines), expected_labels, expected_paras


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statutes())
def test_parse_render_parse(case):
    raw, labels, paras = case
    tree = parse_text(raw)
    assert not tree.warnings, [str(w) for w in tree.warnings]
    assert [a.label for a in tree.articles()] == labels
    assert [[p.text for p in a.paragraphs if p.text] for a in tree.articles()] == paras
    text = render(tree)
    again = parse_text(text)
    assert again == tree
    assert render(again) == text


@settings(max_examples=50, deadline=None)
@given(statutes())
def test_plain_render_keeps_the_articles(case):
    raw, labels, _ = case
    tree = parse_text(raw)
    plain = parse_text(render(tree, markdown=False))
    assert [a.label for a in plain.articles()] == labels
    assert [a.text for a in plain.articles()] == [a.text for a in tree.articles()]


FRAGMENTS = st.sampled_from(
    ["第一条", "第二条", "第三条之一", "第一百条", "第一章", "第二章", "第一节", "第一编", "第一分编", "（一）", "(二)",
     "（三）", "1.", "2．", "3、", "一、", "二、", "目录", "序言", "附件1：表", "# ", "## ", "- ", "#1楼",
     "<!-- INFO END -->", "2020年1月1日", "（2020年1月1日通过", "）", " ", "\u3000", "\u200b", "\n", "\n", "\n",
     "本市", "应当", "。", "；", "：", "至（二）项", "第十条规定", "A b"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40).map("".join))
def test_any_text_parses_or_fails_cleanly_and_renders_stably(raw):
    """Arbitrary fragments: lenient parsing never crashes (only StatuteParseError for empty text),
    and whatever tree comes out survives render → parse unchanged."""
    try:
        tree = parse_text(raw)
    except StatuteParseError as exc:
        assert exc.line == 1 and "文本为空" in exc.message
        return
    text = render(tree)
    assert parse_text(text) == tree
    assert render(parse_text(text)) == text
