"""A 修改 bill through the statute engine and the law book (reads only; nothing is written here).

修正 (the bill's text is a 修改决定): the decision applied in memory to the current text of each regulation the bill
names, split per regulation by its 一、《XX条例》 heading — the report of each instruction, applied or refused with
the reason, and the amended texts. On promulgation the same plan becomes the regulations' new versions
(lawbook.services.record_promulgation).
修订 (the bill's text is the revised full text): the draft 修改决定 from the regulation's current text to the
bill's text (statutes.draft), checked by applying it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError

from renda.core.documents import OfficialDocument
from renda.lawbook import services
from renda.legislation.models import STAGE_ORDER, AmendmentForm, Bill, BillKind, BillVersion, Stage

STEP_LABELS = {"applied": "已适用", "error": "无法适用", "noted": "说明"}


class NotApplicable(Exception):
    """Why the page cannot be produced for this bill (shown in Chinese)."""


def text_versions(bill: Bill, versions) -> list[BillVersion]:
    """The bill's own texts (not the 现行文本), in stage order."""
    return sorted((v for v in versions if v.stage != Stage.CURRENT), key=lambda v: STAGE_ORDER[v.stage])


def pick_version(bill: Bill, versions, wanted) -> BillVersion:
    own = text_versions(bill, versions)
    if not own:
        raise NotApplicable("该法规案还没有登记文本。")
    for v in own:
        if str(v.pk) == str(wanted or ""):
            return v
    return own[-1]


def _lawbook():
    if not apps.is_installed("renda.lawbook"):
        raise NotApplicable("本平台未启用法规库。")
    return services


@dataclass
class Plan:
    rows: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(r["ok"] for r in self.rows)


def amended_texts(bill: Bill, version: BillVersion) -> Plan:
    """修正: the bill's decision applied to each linked regulation's current version."""
    if bill.kind != BillKind.AMEND or bill.amendment_form != AmendmentForm.DECISION:
        raise NotApplicable("只有以修改决定形式提出的修正案可以生成修正后文本。")
    regs = sorted(bill.regulations.all(), key=lambda r: r.pk)
    if not regs:
        raise NotApplicable("该法规案还没有链接所修改的法规，请先在“修改办理信息”中选择。")
    report, _ = _lawbook().plan_decision(text=version.text, regulations=regs)
    for row in report:
        for step in row["steps"]:
            step["label"] = STEP_LABELS.get(step["status"], step["status"])
    return Plan(report)


@dataclass
class DraftOut:
    regulation: object
    text: str
    exact: bool
    instructions: int
    rewritten: list[str]
    problems: list[str]


def draft_decision(bill: Bill, version: BillVersion) -> DraftOut:
    """修订: the draft decision from the regulation's current version to the bill's text."""
    if bill.kind != BillKind.AMEND or bill.amendment_form != AmendmentForm.REVISION:
        raise NotApplicable("只有提出修订后全文的修订案可以生成修改决定草案。")
    regs = list(bill.regulations.all())
    if len(regs) != 1:
        raise NotApplicable("修订案须链接且只链接一件所修订的法规。")
    try:
        result = _lawbook().draft_for(regulation=regs[0], new_text=version.text)
    except ValidationError as exc:
        raise NotApplicable("文本无法解析：" + "；".join(exc.messages)) from None
    if result is None:
        raise NotApplicable(f"法规库中《{regs[0].title}》还没有文本。")
    return DraftOut(regs[0], result.text, result.exact, result.instructions, list(result.rewritten),
                    list(result.problems))


def decision_docx(title: str, text: str) -> bytes:
    od = OfficialDocument(title=title)
    lines = [ln.strip() for ln in text.split("\n")]
    if lines and lines[0].lstrip("# ").strip() == title:
        lines = lines[1:]
    for line in lines:
        if line and line != "<!-- INFO END -->":
            od.paragraph(line)
    return od.to_bytes()
