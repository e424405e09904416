"""The rules registry: the law as data.

Every procedural rule the platform enforces is declared once, in a TOML file of
this folder (one file per area), with an id, a plain Chinese statement, the
parameters a congress may configure (with their defaults, units and bounds) and
its legal basis (law + article). Code refers to rules by id only:

    rules.param(congress, "SUG-REPLY", "months")      # the congress's value
    raise rules.violation("MTG-QUORUM", "出席人数未过半数")

A refusal is a `RuleViolation` whose message names the rule and its basis.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from renda.core.errors import RuleViolation

RULES_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Basis:
    law: str  # full title, e.g. 中华人民共和国各级人民代表大会常务委员会监督法
    short: str  # e.g. 监督法
    article: str  # e.g. 第十五条 or 第十五条第二款
    version: str = ""  # e.g. 2024
    local: bool = False  # a local rule (the city's own, or local practice)

    def __str__(self) -> str:
        return f"《{self.short}》{self.article}"


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    unit: str = ""  # days, working_days, months, years, persons, ratio, bool, list
    label: str = ""
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    area: str
    title: str
    statement: str
    basis: tuple[Basis, ...]
    params: dict[str, Param] = field(default_factory=dict)
    configurable: bool = True

    @property
    def basis_text(self) -> str:
        return "依据：" + "；".join(str(b) for b in self.basis) if self.basis else "依据：本平台操作规程"


def _load() -> dict[str, Rule]:
    registry: dict[str, Rule] = {}
    for path in sorted(RULES_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for raw in data.get("rule", []):
            rid = raw["id"]
            if rid in registry:
                raise ValueError(f"rule {rid} declared twice ({path.name})")
            params = {
                name: Param(
                    name=name,
                    default=spec["default"],
                    unit=spec.get("unit", ""),
                    label=spec.get("label", ""),
                    minimum=spec.get("min"),
                    maximum=spec.get("max"),
                )
                for name, spec in raw.get("params", {}).items()
            }
            registry[rid] = Rule(
                id=rid,
                area=raw.get("area", path.stem),
                title=raw["title"],
                statement=raw["statement"],
                basis=tuple(Basis(**b) for b in raw.get("basis", [])),
                params=params,
                configurable=raw.get("configurable", True),
            )
    return registry


@cache
def registry() -> dict[str, Rule]:
    return _load()


def get(rule_id: str) -> Rule:
    try:
        return registry()[rule_id]
    except KeyError:
        raise LookupError(f"unknown rule {rule_id!r}: declare it in src/renda/core/rules/*.toml") from None


def all_rules() -> list[Rule]:
    return list(registry().values())


def violation(rule_id: str, detail: str = "") -> RuleViolation:
    """The exception to raise when `rule_id` refuses an action."""
    return RuleViolation(get(rule_id), detail)


def validate_parameter(rule_id: str, name: str, value: Any) -> None:
    rule = get(rule_id)
    if name not in rule.params:
        raise ValidationError(f"规则 {rule_id} 没有参数 {name}。")
    if not rule.configurable:
        raise ValidationError(f"规则 {rule_id} 由法律直接规定，不能按本地调整。")
    spec = rule.params[name]
    if isinstance(spec.default, bool) != isinstance(value, bool):
        raise ValidationError(f"参数 {name} 的取值类型不正确。")
    if isinstance(spec.default, int | float) and not isinstance(spec.default, bool):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ValidationError(f"参数 {name} 必须是数字。")
        if spec.minimum is not None and value < spec.minimum:
            raise ValidationError(f"参数 {name} 不得小于 {spec.minimum}。")
        if spec.maximum is not None and value > spec.maximum:
            raise ValidationError(f"参数 {name} 不得大于 {spec.maximum}。")


def param(congress, rule_id: str, name: str) -> Any:
    """The value of a rule parameter for a congress: its own setting, else the default."""
    rule = get(rule_id)
    if name not in rule.params:
        raise LookupError(f"rule {rule_id} has no parameter {name!r}")
    congress_id = getattr(congress, "pk", congress)
    if congress_id is not None and rule.configurable:
        overrides = _overrides(congress_id)
        if (rule_id, name) in overrides:
            return overrides[(rule_id, name)]
    return rule.params[name].default


def _overrides(congress_id: int) -> dict[tuple[str, str], Any]:
    from renda.core.models import RuleParameter

    return {
        (rp.rule_id, rp.name): rp.value
        for rp in RuleParameter.objects.filter(congress_id=congress_id).only("rule_id", "name", "value")
    }
