"""iCalendar (RFC 5545) export of the one calendar, written by hand (no extra package).

Times are in UTC (`...Z`), all-day events as VALUE=DATE with an exclusive DTEND; text is escaped
(backslash, semicolon, comma, newline) and lines are folded at 75 octets without splitting a character.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils import timezone

from renda.deputies.schedule.selectors import Item


def escape(text: str) -> str:
    return (
        (text or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (continuations start with a space)."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines carry the leading space
        if size + n > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += n
    out.append(current)
    return "\r\n ".join(out)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def uid(item: Item, host: str) -> str:
    key = f"{item.event.url}|{item.event.kind}|{item.begin.isoformat()}"
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@{host}"


def calendar_ics(items: list[Item], *, name: str, base_url: str, host: str = "renda") -> bytes:
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//renda//人大履职平台 统筹日程//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for item in items:
        ev = item.event
        lines += ["BEGIN:VEVENT", f"UID:{uid(item, host)}", f"DTSTAMP:{stamp}"]
        if item.all_day:
            first = timezone.localtime(item.begin).date()
            after = timezone.localtime(item.finish).date()
            lines += [f"DTSTART;VALUE=DATE:{first:%Y%m%d}", f"DTEND;VALUE=DATE:{after:%Y%m%d}"]
        else:
            lines += [f"DTSTART:{_utc(item.begin)}", f"DTEND:{_utc(item.finish)}"]
        lines.append(f"SUMMARY:{escape(ev.title)}")
        if ev.place:
            lines.append(f"LOCATION:{escape(ev.place)}")
        lines.append(f"CATEGORIES:{escape(item.kind_label)}")
        if ev.url:
            lines.append(f"URL:{base_url.rstrip('/')}{ev.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
