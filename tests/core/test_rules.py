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
    assert "MTG-QUORUM" in exc.message
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
    assert "25（默认 10）" in html
