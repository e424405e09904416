"""Data: the old free-text `Bill.amends` matched to the law book's regulations of the same congress.

`amends` held one name ("XX市物业管理条例", with or without 《》) or several in book-title marks
("《A》、《B》"); each name is matched exactly (after trimming spaces and 《》) to a regulation title of the bill's
congress, local regulations first. Unmatched names are left unlinked (the office links them on the bill's page).
"""

import re

from django.db import migrations

_TITLE = re.compile(r"《([^《》]+)》")


def names_in(amends: str) -> list[str]:
    text = (amends or "").strip()
    if not text:
        return []
    names = _TITLE.findall(text) or [text]
    return [re.sub(r"\s+", "", n).strip("《》") for n in names if n.strip()]


def forwards(apps, schema_editor):
    Bill = apps.get_model("legislation", "Bill")
    Regulation = apps.get_model("lawbook", "Regulation")
    for bill in Bill.objects.exclude(amends="").only("id", "congress_id", "amends").iterator():
        regs = []
        for name in names_in(bill.amends):
            candidates = list(Regulation.objects.filter(congress_id=bill.congress_id, title=name).order_by("id"))
            local = [r for r in candidates if r.kind == "local"]
            if local or candidates:
                regs.append((local or candidates)[0])
        if regs:
            bill.regulations.add(*regs)


def backwards(apps, schema_editor):
    Bill = apps.get_model("legislation", "Bill")
    for bill in Bill.objects.filter(regulations__isnull=False).distinct():
        titles = [r.title for r in bill.regulations.order_by("id")]
        bill.amends = "、".join(f"《{t}》" for t in titles)[:200]
        bill.save(update_fields=["amends"])


class Migration(migrations.Migration):

    dependencies = [
        ('lawbook', '0001_initial'),
        ('legislation', '0003_bill_regulations'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
