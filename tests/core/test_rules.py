import pytest
from django.core.exceptions import ValidationError

from renda.core import rules
from renda.core.errors import RuleViolation
from renda.core.models import RuleParameter


def test_every_rule_has_a_statement_and_a_legal_basis():
    all_rules = rules.all_rules()
    assert len(all_rules) >= 10
    for rule in all_rules:
        assert rule.statement and rule.title, rule.id
        assert rule.basis, f"{rule.id} has no legal basis"
        for b in rule.basis:
            assert b.article.startswith("第") or b.local, (rule.id, b)


def test_a_violation_names_the_rule_and_its_basis_in_chinese():
    exc = rules.violation("MTG-QUORUM", "出席人数未过半数")
    assert isinstance(exc, RuleViolation)
    assert "出席人数未过半数" in exc.message
    assert rules.get("MTG-QUORUM").title in exc.message
    assert "《组织法》第五十一条第三款" in exc.message
    assert exc.as_dict()["rule"] == "MTG-QUORUM"


def test_unknown_rule_is_a_programming_error():
    with pytest.raises(LookupError):
        rules.get("NO-SUCH-RULE")


@pytest.mark.django_db
def test_parameters_default_and_per_congress_override(cast):
    assert rules.param(cast.congress, "WP-ITEM-COMPLETE", "min_result_chars") == 10
    RuleParameter.objects.create(congress=cast.congress, rule_id="WP-ITEM-COMPLETE", name="min_result_chars",
                                 value=20, basis="本市办法第九条")
    assert rules.param(cast.congress, "WP-ITEM-COMPLETE", "min_result_chars") == 20
    # another congress keeps the default
    assert rules.param(cast.other.congress, "WP-ITEM-COMPLETE", "min_result_chars") == 10


def test_parameter_validation_refuses_bad_values():
    with pytest.raises(ValidationError):
        rules.validate_parameter("WP-ITEM-COMPLETE", "min_result_chars", 0)
    with pytest.raises(ValidationError):
        rules.validate_parameter("WP-ITEM-COMPLETE", "min_result_chars", "十")
    with pytest.raises(ValidationError):
        rules.validate_parameter("WP-ITEM-COMPLETE", "nope", 3)
    with pytest.raises(ValidationError):  # set by national law: not configurable
        rules.validate_parameter("MTG-INTERVAL", "max_interval_months", 3)
    rules.validate_parameter("WP-ITEM-COMPLETE", "min_result_chars", 30)


@pytest.mark.django_db
def test_rules_page_lists_rules_with_basis_and_local_values(cast):
    from django.test import Client

    RuleParameter.objects.create(congress=cast.congress, rule_id="WP-ITEM-COMPLETE", name="min_result_chars",
                                 value=25)
    client = Client()
    client.force_login(cast.member)
    html = client.get("/rules/").content.decode()
    assert "MTG-QUORUM" in html and "第五十一条第三款" in html
    assert "25 字（默认 10 字）" in html


# ---- issue 16: local bases, bounds, formatting ---------------------------------------------------------------
def test_a_local_rule_never_shows_an_invented_citation():
    rule = rules.get("LEG-APPROVAL-SUBMIT")
    assert rule.basis_text == "依据：本市规定（未配置依据）"
    exc = rules.violation("LEG-APPROVAL-SUBMIT", "通过后已超过30日报请批准，须说明原因")
    assert "本市规定（未配置依据）" in exc.message and "第四十二条" not in exc.message
    # the model city's real provision is named as such, never as "本市"
    assert rules.get("PR-REPLY").basis_text == (
        "依据：《代表法》第五十一条第二款；本市规定（未配置依据）；默认值参照《青岛市代表建议工作条例》第二十五条"
    )
    assert rules.get("MTG-FLOW").basis_text == "依据：本平台操作规程"
    # provisions of one law in a row read as one citation
    assert rules.get("DEP-BY-ELECTION").basis_text == "依据：《选举法》第五十七条第一款、第五款、第四十七条第一款"


@pytest.mark.django_db
def test_a_congress_enters_its_own_citation_and_refusals_use_it(cast):
    with pytest.raises(ValidationError):  # no title and article: refused
        rules.validate_parameter("LEG-APPROVAL-SUBMIT", rules.LOCAL_BASIS, "本市条例")
    with pytest.raises(ValidationError):  # a national rule has no local basis to cite
        rules.validate_parameter("MTG-QUORUM", rules.LOCAL_BASIS, "《甲市议事规则》第三条")
    citation = "《甲市制定地方性法规条例》第三十五条"
    rules.validate_parameter("LEG-APPROVAL-SUBMIT", rules.LOCAL_BASIS, citation)
    RuleParameter.objects.create(congress=cast.congress, rule_id="LEG-APPROVAL-SUBMIT", name=rules.LOCAL_BASIS,
                                 value=citation)
    mine = rules.violation("LEG-APPROVAL-SUBMIT", "逾期", congress=cast.congress)
    assert mine.message.endswith(f"（依据：{citation}）")
    theirs = rules.violation("LEG-APPROVAL-SUBMIT", "逾期", congress=cast.other.congress)
    assert "本市规定（未配置依据）" in theirs.message and citation not in theirs.message

    from django.test import Client

    client = Client()
    client.force_login(cast.member)
    html = client.get("/rules/").content.decode()
    assert f"本市规定：{citation}" in html
    client.force_login(cast.outsider_clerk)
    assert citation not in client.get("/rules/").content.decode()


@pytest.mark.django_db
def test_refusal_through_the_web_names_the_users_congress_citation(cast):
    """A refusal raised without a congress (as the apps do) takes the signed-in user's congress."""
    from django.test import RequestFactory

    from renda.core.logging import _request

    RuleParameter.objects.create(congress=cast.congress, rule_id="PR-REPLY", name=rules.LOCAL_BASIS,
                                 value="《甲市代表建议、批评和意见办理条例》第二十条")
    request = RequestFactory().get("/")
    request.user = cast.clerk
    token = _request.set(request)
    try:
        exc = rules.violation("PR-REPLY", "仍有承办单位尚未答复")
    finally:
        _request.reset(token)
    assert "《甲市代表建议、批评和意见办理条例》第二十条" in exc.message
    assert "本市规定（未配置依据）" not in exc.message


def test_statutory_maxima_cannot_be_set():
    for months in (4, 6):  # 代表法 第五十一条第二款: three months
        with pytest.raises(ValidationError):
            rules.validate_parameter("PR-REPLY", "months", months)
    with pytest.raises(ValidationError):  # six months for the hard cases, no more
        rules.validate_parameter("PR-REPLY", "max_months", 12)
    rules.validate_parameter("PR-REPLY", "months", 2)  # shorter is the congress's choice
    with pytest.raises(ValidationError) as exc:  # 立法法 第八十二条第三款: the list cannot be widened
        rules.validate_parameter("LEG-SCOPE", "areas", ["城乡建设与管理", "金融监管"])
    assert "金融监管" in exc.value.messages[0]
    rules.validate_parameter("LEG-SCOPE", "areas", ["城乡建设与管理", "历史文化保护"])  # narrowing is allowed
    with pytest.raises(ValidationError):  # 两次 for "意见比较一致"
        rules.validate_parameter("LEG-READINGS-EXCEPTION", "agreed_min", 1)


@pytest.mark.django_db
def test_an_unlawful_stored_value_is_not_applied_and_the_page_says_so(cast):
    from django.test import Client

    # rows written before the bounds were fixed, or around the admin form
    RuleParameter.objects.create(congress=cast.congress, rule_id="PR-REPLY", name="months", value=9)
    RuleParameter.objects.create(congress=cast.congress, rule_id="LEG-SCOPE", name="areas",
                                 value=["城乡建设与管理", "金融监管"])
    assert rules.param(cast.congress, "PR-REPLY", "months") == 3
    assert rules.param(cast.congress, "LEG-SCOPE", "areas") == rules.get("LEG-SCOPE").params["areas"].default
    client = Client()
    client.force_login(cast.member)
    html = client.get("/rules/").content.decode()
    assert "本级设置未适用：参数“答复期限（不得超过法定的三个月）”不得大于 3。" in html
    assert "超出了法定范围" in html


@pytest.mark.django_db
def test_the_rules_page_speaks_to_people(cast):
    from django.test import Client

    client = Client()
    client.force_login(cast.member)
    html = client.get("/rules/").content.decode()
    assert "True" not in html and "False" not in html
    assert "允许经一次会议审议即交付表决：是" in html and "表决前评估为必经程序：否" in html
    assert "依据文本未收录" in html  # 宪法宣誓决定
    assert "本平台操作规程" in html and "本市规定（未配置依据）" in html
    assert "默认值参照《青岛市人民代表大会代表建议、批评和意见工作条例》第二十五条" in html
    assert "XX市" not in html
    assert "<q class=\"muted\">常务委员会会议有常务委员会全体组成人员过半数出席，始得举行</q>" in html


def test_values_are_formatted_for_people():
    assert rules.format_value(True, "bool") == "是" and rules.format_value(False, "bool") == "否"
    assert rules.format_value(0.5, "ratio") == "50%"
    assert rules.format_value(30, "days") == "30 日"
    assert rules.format_value(["甲", "乙"], "list") == "甲、乙"
