"""The rules registry: the law as data.

Every procedural rule the platform enforces is declared once, in a TOML file of
this folder (one file per area), with an id, a plain Chinese statement, the
parameters a congress may configure (with their defaults, units and bounds) and
its legal basis. Code refers to rules by id only:

    rules.param(congress, "SUG-REPLY", "months")      # the congress's value, bounds checked
    raise rules.violation("MTG-QUORUM", "出席人数未过半数")

A refusal is a `RuleViolation` whose message names the rule and its basis.

Kinds of basis (one provision each):

- national (default): law, short name, article (第X条[第Y款][第（Z）项]), version and a short exact `quote`
  from that provision — tests/core/test_citations.py finds the provision in ../shared/data/laws and checks
  the quote. A law the library does not hold says `in_library = false`.
- `local = true`: the congress's own instrument. The registry never invents one: until the congress enters
  its citation (a RuleParameter row `local_basis`, e.g. "《甲市制定地方性法规条例》第四十二条"), the page
  and every refusal say "本市规定（未配置依据）". `hint` names the kind of instrument that usually holds it.
- `local = true, model = true`: a real instrument of another city whose figures are the defaults (the
  demo's 青岛市代表建议工作条例); shown as "默认值参照《…》第N条", quoted and checked like a national one.
- `local = true, practice = true`: the platform's own working practice, shown as such — never as statute.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from renda.core.errors import RuleViolation
from renda.core.logging import _request
from renda.core.models import RuleParameter

RULES_DIR = Path(__file__).resolve().parent
UNCONFIGURED = "本市规定（未配置依据）"
PRACTICE = "本平台操作规程"
LOCAL_BASIS = "local_basis"  # the RuleParameter name holding a congress's own citation of a local rule
_LOCAL_CITATION = re.compile(r"^《[^《》]{2,80}》第[零〇一二三四五六七八九十百千两0-9]+条\S{0,60}$")
_ARTICLE_HEAD = re.compile(r"^第[零〇一二三四五六七八九十百千两]+条(?:之[一二三四五六七八九十]+)?")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Basis:
    law: str = ""  # full title, e.g. 中华人民共和国各级人民代表大会常务委员会监督法
    short: str = ""  # e.g. 监督法
    article: str = ""  # one provision: 第十五条, 第十五条第二款, 第五十四条第二款第（一）项
    version: str = ""  # the version cited: a year (2024) or a date
    local: bool = False  # the congress's own rule (see the module docstring)
    quote: str = ""  # a short exact quote from the cited provision (checked against the laws' texts)
    in_library: bool = True  # the law's text is in ../shared/data/laws
    model: bool = False  # local: another city's real instrument, the source of the defaults
    practice: bool = False  # local: the platform's own practice, not a legal provision
    hint: str = ""  # local: the kind of instrument that usually holds the rule

    @property
    def kind(self) -> str:
        if not self.local:
            return "national"
        if self.practice:
            return "practice"
        return "model" if self.model else "local"

    def __str__(self) -> str:
        return {
            "national": f"《{self.short}》{self.article}",
            "model": f"默认值参照《{self.short}》{self.article}",
            "practice": PRACTICE,
            "local": UNCONFIGURED,
        }[self.kind]


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    unit: str = ""  # days, working_days, months, years, persons, ratio, bool, list
    label: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple = ()  # list parameters: the values allowed (a congress may narrow, never widen)


@dataclass(frozen=True)
class Rule:
    id: str
    area: str
    title: str
    statement: str
    basis: tuple[Basis, ...]
    params: dict[str, Param] = field(default_factory=dict)
    configurable: bool = True
    local_citation: str = ""  # the congress's own citation of its local basis, when known

    @property
    def has_local_basis(self) -> bool:
        """The rule rests (also) on the congress's own instrument, which the congress may cite."""
        return any(b.kind in ("local", "model") for b in self.basis)

    @property
    def is_practice(self) -> bool:
        return bool(self.basis) and all(b.kind == "practice" for b in self.basis)

    @property
    def basis_parts(self) -> list[str]:
        """The citations in reading order: national provisions (one law's in a row merged), the congress's own
        instrument (configured or "本市规定（未配置依据）"), the model city's provisions, platform practice."""
        parts: list[str] = []
        last_short = last_head = None
        for b in self.basis:
            if b.kind != "national":
                last_short = last_head = None
                continue
            head = _ARTICLE_HEAD.match(b.article)
            head = head.group(0) if head else b.article
            if b.short == last_short:
                parts[-1] += "、" + (b.article.removeprefix(head) if head == last_head and b.article != head
                                     else b.article)
            else:
                parts.append(str(b))
            last_short, last_head = b.short, head
        if self.has_local_basis:
            parts.append(self.local_citation or UNCONFIGURED)
        parts.extend(str(b) for b in self.basis if b.kind == "model")
        if any(b.kind == "practice" for b in self.basis):
            parts.append(PRACTICE)
        return parts

    @property
    def basis_text(self) -> str:
        return "依据：" + "；".join(self.basis_parts) if self.basis else "依据：" + PRACTICE


def _param(name: str, spec: dict) -> Param:
    return Param(
        name=name,
        default=spec["default"],
        unit=spec.get("unit", ""),
        label=spec.get("label", ""),
        minimum=spec.get("min"),
        maximum=spec.get("max"),
        choices=tuple(spec.get("choices", ())),
    )


def _load() -> dict[str, Rule]:
    registry: dict[str, Rule] = {}
    for path in sorted(RULES_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for raw in data.get("rule", []):
            rid = raw["id"]
            if rid in registry:
                raise ValueError(f"rule {rid} declared twice ({path.name})")
            registry[rid] = Rule(
                id=rid,
                area=raw.get("area", path.stem),
                title=raw["title"],
                statement=raw["statement"],
                basis=tuple(Basis(**b) for b in raw.get("basis", [])),
                params={name: _param(name, spec) for name, spec in raw.get("params", {}).items()},
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


def violation(rule_id: str, detail: str = "", *, congress=None) -> RuleViolation:
    """The exception to raise when `rule_id` refuses an action.

    A rule resting on the congress's own instrument names the citation the congress configured: the
    congress given, else the signed-in user's of the current request; otherwise "本市规定（未配置依据）"."""
    rule = get(rule_id)
    if rule.has_local_basis:
        congress_id = getattr(congress, "pk", congress) or _current_congress_id()
        rule = for_congress(rule, congress_id)
    return RuleViolation(rule, detail)


def for_congress(rule: Rule, congress, settings: dict | None = None) -> Rule:
    """The rule as `congress` applies it: with its own citation of the local basis, if it entered one.
    `settings` (from `settings_of`) saves the query when many rules are resolved at once."""
    congress_id = getattr(congress, "pk", congress)
    if not (rule.has_local_basis and congress_id):
        return rule
    citation = (settings if settings is not None else _overrides(congress_id)).get((rule.id, LOCAL_BASIS))
    if isinstance(citation, str) and _LOCAL_CITATION.match(citation.strip()):
        return replace(rule, local_citation=citation.strip())
    return rule


def _current_congress_id() -> int | None:
    """The congress of the request being served (the user is loaded by then: no query), or None."""
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    return getattr(user, "congress_id", None)


def _check_value(rule: Rule, spec: Param, value: Any) -> None:
    """The value's type, bounds and allowed choices (ValidationError in Chinese)."""
    name = spec.label or spec.name
    if isinstance(spec.default, bool) != isinstance(value, bool):
        raise ValidationError(f"参数“{name}”的取值类型不正确（应为是或否）。")
    if isinstance(spec.default, int | float) and not isinstance(spec.default, bool):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ValidationError(f"参数“{name}”必须是数字。")
        if isinstance(spec.default, int) and isinstance(value, float) and not value.is_integer():
            raise ValidationError(f"参数“{name}”必须是整数。")
        if spec.minimum is not None and value < spec.minimum:
            raise ValidationError(f"参数“{name}”不得小于 {format_value(spec.minimum)}。")
        if spec.maximum is not None and value > spec.maximum:
            raise ValidationError(f"参数“{name}”不得大于 {format_value(spec.maximum)}。")
    if isinstance(spec.default, list):
        if not isinstance(value, list) or not value:
            raise ValidationError(f"参数“{name}”须是非空的列表。")
        kinds = {type(v) for v in spec.default}
        if any(type(v) not in kinds for v in value) or len(set(map(str, value))) != len(value):
            raise ValidationError(f"参数“{name}”的列表取值类型不正确或者有重复。")
        if spec.choices:
            outside = [str(v) for v in value if v not in spec.choices]
            if outside:
                raise ValidationError(
                    f"参数“{name}”只能取{'、'.join(map(str, spec.choices))}中的事项，"
                    f"“{'、'.join(outside)}”超出了法定范围（{rule.id}）。"
                )
    if isinstance(spec.default, str) and (not isinstance(value, str) or (spec.choices and value not in spec.choices)):
        raise ValidationError(f"参数“{name}”的取值不正确。")


def validate_parameter(rule_id: str, name: str, value: Any) -> None:
    """A congress's setting, checked when it is set (RuleParameter.clean) — and again whenever it is read."""
    rule = get(rule_id)
    if name == LOCAL_BASIS:
        if not rule.has_local_basis:
            raise ValidationError(f"规则 {rule_id} 没有由本市规定的依据，不能配置本市依据。")
        if not isinstance(value, str) or not _LOCAL_CITATION.match(value.strip()):
            raise ValidationError("本市依据须写明法规或者文件的名称和条文，如“《甲市制定地方性法规条例》第四十二条”。")
        return
    if name not in rule.params:
        raise ValidationError(f"规则 {rule_id} 没有参数 {name}。")
    if not rule.configurable:
        raise ValidationError(f"规则 {rule_id} 由法律直接规定，不能按本地调整。")
    _check_value(rule, rule.params[name], value)


def param(congress, rule_id: str, name: str, settings: dict | None = None) -> Any:
    """The value of a rule parameter for a congress: its own setting, else the default.

    A stored setting outside the parameter's bounds (set before a bound was tightened, or written around
    the admin form) is not applied: the default is used and a warning logged. `settings` (from
    `settings_of`) saves the query when many parameters are read at once."""
    rule = get(rule_id)
    if name not in rule.params:
        raise LookupError(f"rule {rule_id} has no parameter {name!r}")
    congress_id = getattr(congress, "pk", congress)
    if congress_id is not None and rule.configurable:
        overrides = settings if settings is not None else _overrides(congress_id)
        if (rule_id, name) in overrides:
            value = overrides[(rule_id, name)]
            try:
                _check_value(rule, rule.params[name], value)
            except ValidationError:
                log.warning("rule parameter %s.%s=%r of congress %s is out of bounds: default used",
                            rule_id, name, value, congress_id)
            else:
                return value
    return rule.params[name].default


def setting_error(rule: Rule, name: str, value: Any) -> str:
    """Why a stored setting is not applied ("" if it is valid): shown on the rules page."""
    try:
        _check_value(rule, rule.params[name], value)
    except ValidationError as exc:
        return exc.messages[0]
    return ""


def format_value(value: Any, unit: str = "") -> str:
    """A parameter value as people read it: 是/否, 30 日, 0.5 → 50%, lists joined with 、."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(format_value(v) for v in value) or "—"
    if isinstance(value, float) and unit == "ratio":
        return f"{value * 100:g}%"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    suffix = UNIT_LABELS.get(unit, "")
    return f"{value}{suffix}"


UNIT_LABELS = {
    "days": " 日", "working_days": " 个工作日", "months": " 个月", "years": " 年", "weeks": " 周",
    "persons": " 人", "deputies": " 人", "times": " 次", "chars": " 字", "characters": " 字", "points": " 分",
    "files": " 个", "MB": " MB", "count": " 条", "topics": " 个",
}


def settings_of(congress) -> dict[tuple[str, str], Any]:
    """All the congress's own settings, {(rule id, name): value} (one query)."""
    congress_id = getattr(congress, "pk", congress)
    return _overrides(congress_id) if congress_id else {}


def _overrides(congress_id: int) -> dict[tuple[str, str], Any]:
    return {
        (rp.rule_id, rp.name): rp.value
        for rp in RuleParameter.objects.filter(congress_id=congress_id).only("rule_id", "name", "value")
    }
