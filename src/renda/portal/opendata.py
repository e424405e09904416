"""Open data (开放数据): everything the portal publishes, as JSON and as CSV (UTF-8 with BOM, for Excel).

Each dataset is a list of named columns and a function producing rows from the congress's published records —
the same selectors as the pages, so nothing unpublished can appear. Columns are chosen one by one: no personal
data (no contacts, phone numbers, ID numbers, addresses of people; the comments themselves are not published,
only their counts per period), and suggestions carry exactly what the proposals public page shows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.utils import timezone

from renda.core.http import content_disposition
from renda.core.spreadsheets import safe_text
from renda.legislation.models import BillVersion, CommentPeriod, Stage
from renda.portal import selectors


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (key, Chinese header)
    rows: Callable


def _date(d) -> str:
    return d.isoformat() if d else ""


def _dt(d) -> str:
    return timezone.localtime(d).isoformat(timespec="seconds") if d else ""


def _news(congress):
    for a in selectors.published_news(congress):
        yield {"id": a.pk, "title": a.title, "category": a.get_category_display(), "published_at": _dt(a.published_at),
               "source": a.source, "summary": a.lead, "body": "\n".join(a.paragraphs)}


def _regulations(congress):
    bills = selectors.regulations(congress)
    versions = {v.bill_id: v for v in BillVersion.objects.filter(
        congress=congress, bill__in=bills, stage=Stage.PROMULGATED)}
    for b in bills:
        v = versions.get(b.pk)
        yield {"id": b.pk, "title": b.title, "kind": b.get_kind_display(), "status": b.get_status_display(),
               "passed_on": _date(b.passed_on), "approved_on": _date(b.approved_on),
               "approval_body": b.approval_body, "promulgated_on": _date(b.promulgated_on),
               "announcement_number": b.announcement_number, "effective_on": _date(b.effective_on),
               "article_count": v.article_count if v else 0, "text": v.text if v else ""}


def _periods(congress):
    rows = (CommentPeriod.objects.filter(congress=congress).select_related("bill", "version")
            .defer("version__text").annotate(n=Count("comments")).order_by("-opens_on", "-id"))
    for p in rows:
        yield {"id": p.pk, "title": p.bill.display_title, "text_stage": p.version.get_stage_display(),
               "opens_on": _date(p.opens_on), "closes_on": _date(p.closes_on), "status": p.get_status_display(),
               "channels": p.channels, "comment_count": p.n, "feedback": p.feedback}


def _notices(congress):
    for n in selectors.all_feedback_notices(congress):
        yield {"id": n.pk, "title": n.title, "bill": n.bill.title, "text_stage": n.version.get_stage_display(),
               "published_on": _date(n.published_on), "body": n.body}


def _suggestions(congress):
    for p in selectors.public_suggestions(congress):
        replies = [{"unit": r.assignment.unit.name, "replied_on": _date(r.replied_on),
                    "result": r.get_result_class_display(), "text": r.text} for r in p.replies.all()]
        yield {"number": p.number, "year": p.year, "title": p.title,
               "lead_deputy": p.lead_deputy.person.name if p.lead_deputy else "",
               "category": p.get_category_display(), "content": p.content, "replies": replies}


def _deputies(congress):
    for d in selectors.public_deputies(congress):
        yield {"name": d.person.name, "delegation": d.delegation.name if d.delegation else "", "sector": d.sector}


def _stations(congress):
    for s in selectors.public_stations(congress):
        yield {"name": s.name, "kind": s.get_kind_display(), "district": s.district, "address": s.address,
               "schedule": s.schedule, "deputies": "、".join(d.person.name for d in s.deputies.all())}


DATASETS: dict[str, Dataset] = {d.key: d for d in [
    Dataset("news", "新闻宣传", "已发布的新闻宣传稿件（标题、栏目、发布时间、正文）。",
            (("id", "编号"), ("title", "标题"), ("category", "栏目"), ("published_at", "发布时间"), ("source", "来源"),
             ("summary", "摘要"), ("body", "正文")), _news),
    Dataset("regulations", "地方性法规", "已公布的地方性法规：表决、批准、公布和施行日期，公告号和公布文本全文。",
            (("id", "编号"), ("title", "法规名称"), ("kind", "类别"), ("status", "状态"), ("passed_on", "表决通过日期"),
             ("approved_on", "批准日期"), ("approval_body", "批准机关"), ("promulgated_on", "公布日期"),
             ("announcement_number", "公告号"), ("effective_on", "施行日期"), ("article_count", "条数"),
             ("text", "公布文本")), _regulations),
    Dataset("comment-periods", "法规草案征求意见", "向社会公布征求意见的法规草案：起止日期、收到意见数和征求意见情况通报。",
            (("id", "编号"), ("title", "草案名称"), ("text_stage", "文本"), ("opens_on", "开始日期"),
             ("closes_on", "截止日期"), ("status", "状态"), ("channels", "公布渠道"), ("comment_count", "收到意见数"),
             ("feedback", "征求意见情况通报")), _periods),
    Dataset("feedback-notices", "征求意见情况通报", "法规草案征求意见后向社会通报的意见采纳情况（立法法第四十条）。",
            (("id", "编号"), ("title", "标题"), ("bill", "法规案"), ("text_stage", "文本"), ("published_on", "公布日期"),
             ("body", "正文")), _notices),
    Dataset("suggestions", "代表建议及答复", "已答复且可以公开的代表建议和承办单位的答复（保密或涉及个人的除外）。",
            (("number", "编号"), ("year", "年度"), ("title", "标题"), ("lead_deputy", "领衔代表"), ("category", "类别"),
             ("content", "内容"), ("replies", "答复")), _suggestions),
    Dataset("deputies", "人大代表名单", "本届在任人大代表：姓名、所属代表团、界别（不含任何个人信息）。",
            (("name", "姓名"), ("delegation", "代表团"), ("sector", "界别/行业")), _deputies),
    Dataset("stations", "代表联络站", "运行中的代表联络站：名称、类别、所在区、地址、开放时间和进站代表。",
            (("name", "名称"), ("kind", "类别"), ("district", "所在区"), ("address", "地址"), ("schedule", "开放时间"),
             ("deputies", "进站代表")), _stations),
]}


def dataset(key: str) -> Dataset:
    ds = DATASETS.get(key)
    if ds is None:
        raise Http404("没有该数据集。")
    return ds


def rows(ds: Dataset, congress) -> list[dict]:
    keys = [k for k, _ in ds.columns]
    return [{k: r.get(k, "") for k in keys} for r in ds.rows(congress)]


def as_json(ds: Dataset, congress) -> HttpResponse:
    data = {
        "dataset": ds.key, "title": ds.title, "description": ds.description,
        "publisher": congress.standing_committee_name, "congress": congress.code,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "columns": [{"key": k, "title": t} for k, t in ds.columns], "rows": rows(ds, congress),
    }
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition(f"{congress.code}-{ds.key}.json", inline=True)
    return response


def _cell(value) -> str:
    if isinstance(value, list):
        value = "\n".join(f"{r['unit']}（{r['replied_on']}，{r['result']}）：{r['text']}" for r in value)
    return safe_text(value)  # no formula injection when opened in a spreadsheet (renda.core.spreadsheets)


def as_csv(ds: Dataset, congress) -> HttpResponse:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([t for _, t in ds.columns])
    for r in rows(ds, congress):
        writer.writerow([_cell(r[k]) for k, _ in ds.columns])
    response = HttpResponse(("\ufeff" + buf.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition(f"{congress.code}-{ds.key}.csv")
    return response
