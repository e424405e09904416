"""Public feeds without login: RSS 2.0 (django.contrib.syndication) and iCalendar (RFC 5545, written here).

RSS: new, amended and repealed regulations; drafts opened for comment; one bill's public stages.
iCalendar: the standing committee's meetings (once convened) and the comment periods of drafts.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone

from renda.core.http import ICS, download
from renda.lawbook import selectors
from renda.legislation.models import Bill
from renda.meetings.models import Meeting
from renda.portal import selectors as portal

PUBLIC_MEETING_STATES = ("convened", "in_session", "closed")
FEED_LIMIT = 50


# ---- RSS ----------------------------------------------------------------------------------------------------
class _CongressFeed(Feed):
    def get_object(self, request, code: str, **kwargs):
        return selectors.congress_by_code(code)

    def item_pubdate(self, item):
        day = item["date"]
        return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["text"]

    def item_link(self, item):
        return item["link"]

    def item_guid(self, item):
        return item["guid"]

    item_guid_is_permalink = False


class RegulationsFeed(_CongressFeed):
    def title(self, congress):
        return f"{congress.standing_committee_name} · 地方性法规的公布、修改和废止"

    def link(self, congress):
        return reverse("lawbook_public:index", kwargs={"code": congress.code})

    def description(self, congress):
        return "法规库中本市地方性法规的沿革：通过、批准、公布、施行、修正、修订、废止。"

    def items(self, congress):
        out = []
        for ev in selectors.public_events(congress, FEED_LIMIT):
            out.append({"title": f"《{ev.regulation.title}》{ev.get_kind_display()}", "date": ev.date,
                        "text": f"{ev.date:%Y年%m月%d日}{ev.get_kind_display()}。{ev.ref}",
                        "link": reverse("lawbook_public:regulation", kwargs={"code": congress.code,
                                                                            "pk": ev.regulation_id}),
                        "guid": f"lawbook-event-{ev.pk}"})
        return out


def public_drafts(congress) -> list:
    """The drafts open for comment now, then those whose comment period has ended (the latest FEED_LIMIT)."""
    today = timezone.localdate()
    return portal.open_drafts(congress, today) + portal.past_drafts(congress, today, limit=FEED_LIMIT)


def comment_period_text(period) -> str:
    """征求意见期限：…至…。 — the line that tells a draft's comment period."""
    return f"征求意见期限：{period.opens_on:%Y年%m月%d日}至{period.closes_on:%Y年%m月%d日}。"


class DraftsFeed(_CongressFeed):
    def title(self, congress):
        return f"{congress.standing_committee_name} · 法规草案公开征求意见"

    def link(self, congress):
        return reverse("portal:drafts", kwargs={"code": congress.code})

    def description(self, congress):
        return "公开征求意见的法规草案和意见征集期限。"

    def items(self, congress):
        out = []
        for row in public_drafts(congress):
            p = row.period
            out.append({"title": f"《{row.title}》公开征求意见", "date": p.opens_on, "text": comment_period_text(p),
                        "link": reverse("portal:draft", kwargs={"code": congress.code, "pk": p.pk}),
                        "guid": f"lawbook-draft-{p.pk}"})
        return out


def public_bill(congress, pk: int):
    """A bill the public may follow: published for comment, promulgated, or with a published version."""
    bill = (Bill.objects.filter(congress=congress, pk=pk)
            .filter(Q(comment_periods__isnull=False) | Q(status__in=("promulgated", "filed"))
                    | Q(versions__published=True)).distinct().first())
    if bill is None:
        raise Http404("没有找到该法规案。")
    return bill


def bill_stages(bill) -> list[tuple[dt.date, str]]:
    """The public milestones of a bill, in order."""
    rows: list[tuple[dt.date, str]] = []
    for p in bill.comment_periods.order_by("opens_on"):
        rows.append((p.opens_on, f"公开征求意见（至{p.closes_on:%Y年%m月%d日}）"))
    named = [(bill.passed_on, "常委会会议表决通过"), (bill.approved_on, "报经批准"), (bill.promulgated_on, "公布"),
             (bill.effective_on, "施行")]
    rows += [(d, label) for d, label in named if d]
    return sorted(rows, key=lambda r: r[0])


class BillFeed(_CongressFeed):
    def get_object(self, request, code: str, pk: int):
        congress = selectors.congress_by_code(code)
        return public_bill(congress, pk)

    def title(self, bill):
        return f"{bill.display_title} · 审议进程"

    def link(self, bill):
        return reverse("lawbook_public:subscribe", kwargs={"code": bill.congress.code}) + f"?bill={bill.pk}"

    def description(self, bill):
        return f"{bill.display_title}的公开征求意见、表决、批准、公布和施行。"

    def items(self, bill):
        link = self.link(bill)
        return [{"title": f"{bill.display_title}：{label}", "date": day, "text": f"{day:%Y年%m月%d日}{label}。",
                 "link": link, "guid": f"lawbook-bill-{bill.pk}-{n}"}
                for n, (day, label) in enumerate(bill_stages(bill))][::-1]


# ---- iCalendar (RFC 5545) -------------------------------------------------------------------------------------
def ics_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str, limit: int = 75) -> list[str]:
    """Split a content line into lines of at most `limit` octets (UTF-8), never inside a character; each
    continuation starts with one space (RFC 5545 §3.1)."""
    out: list[str] = []
    current, size, room = "", 0, limit
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > room:
            out.append(current)
            current, size, room = " ", 1, limit
        current += ch
        size += n
    out.append(current)
    return out


def calendar(name: str, events: list[dict]) -> str:
    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//renda//lawbook//ZH", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{ics_escape(name)}", "X-WR-TIMEZONE:Asia/Shanghai"]
    for ev in events:
        lines += ["BEGIN:VEVENT", f"UID:{ev['uid']}", f"DTSTAMP:{stamp}"]
        start, end = ev["start"], ev["end"]
        if isinstance(start, dt.datetime):
            lines += [f"DTSTART;TZID=Asia/Shanghai:{start:%Y%m%dT%H%M%S}",
                      f"DTEND;TZID=Asia/Shanghai:{end:%Y%m%dT%H%M%S}"]
        else:
            lines += [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]
        lines.append(f"SUMMARY:{ics_escape(ev['summary'])}")
        if ev.get("location"):
            lines.append(f"LOCATION:{ics_escape(ev['location'])}")
        if ev.get("description"):
            lines.append(f"DESCRIPTION:{ics_escape(ev['description'])}")
        if ev.get("url"):
            lines.append(f"URL:{ev['url']}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in fold(line)]
    return "\r\n".join(folded) + "\r\n"


def _host(request) -> str:
    """The host name the calendar's event ids end with."""
    return request.get_host().split(":")[0] or "renda"


def _ics_response(text: str, filename: str) -> HttpResponse:
    return download(text.encode("utf-8"), filename, ICS, inline=True)


def meetings_ics(request, code: str):
    congress = selectors.congress_by_code(code)
    host = _host(request)
    events = []
    for m in (Meeting.objects.filter(congress=congress, kind="standing", status__in=PUBLIC_MEETING_STATES)
              .order_by("-date", "-id")[:200]):
        end_day = m.end_date or m.date
        if m.start_time:
            start = dt.datetime.combine(m.date, m.start_time)
            end = dt.datetime.combine(end_day, dt.time(17, 30)) if end_day > m.date or m.start_time < dt.time(17) \
                else start + dt.timedelta(hours=2)
        else:
            start, end = m.date, end_day + dt.timedelta(days=1)
        events.append({"uid": f"meeting-{m.pk}@{host}", "start": start, "end": end, "summary": m.title,
                       "location": m.place})
    return _ics_response(calendar(f"{congress.standing_committee_name}会议", events), "meetings.ics")


def drafts_ics(request, code: str):
    congress = selectors.congress_by_code(code)
    host = _host(request)
    events = []
    for row in public_drafts(congress):
        p = row.period
        link = request.build_absolute_uri(reverse("portal:draft", kwargs={"code": congress.code, "pk": p.pk}))
        events.append({"uid": f"draft-{p.pk}@{host}", "start": p.opens_on, "end": p.closes_on + dt.timedelta(days=1),
                       "summary": f"《{row.title}》公开征求意见", "url": link,
                       "description": comment_period_text(p)})
    return _ics_response(calendar(f"{congress.standing_committee_name}法规草案征求意见", events), "drafts.ics")
