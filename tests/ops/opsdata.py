"""Helper run in a subprocess by the ops tests: `python opsdata.py populate|counts|media|more|cut_tail`.

It talks to whatever database RENDA_DATABASE_URL names (a scratch database the test created) and prints
JSON on stdout. `populate` builds a small congress through the same builders as the demo and a few
writes through the services (audit events, encrypted personal data, two uploaded files).
"""

import hashlib
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")

import django

django.setup()

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def populate() -> dict:
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from renda.core import attachments
    from renda.core.models import Congress
    from renda.core.roles import Role
    from renda.demo.builders import build_congress, make_user
    from renda.demo.names import NameMaker
    from renda.workplan import services as wp
    from renda.workplan.models import Category

    city = build_congress(
        code="ops-city", place="丙市", level=Congress.Level.CITY, names=NameMaker(seed=7), term_number=12,
        term_start=dt.date(2026, 1, 10), members=9, vice_chairs=2, departments=["市水务局", "市财政局"], deputies=12,
    )
    clerk = make_user("ops-clerk", "pw-0123456789", congress=city.congress, role=Role.OFFICE,
                      display_name="办公厅", organization=city.bodies["bgt"])
    plan = wp.plan_create(actor=clerk, year=2026)
    item = wp.item_create(actor=clerk, plan=plan, category=Category.RESEARCH, title="水环境治理专题调研",
                          vice_chair=city.vice_chairs[0], lead_body=city.bodies["cjhb"],
                          counterpart=city.units["市水务局"], planned_month=6)
    wp.item_update(actor=clerk, item=item, lock_version=item.lock_version, title="水环境综合治理专题调研")
    attachments.attach(actor=clerk, obj=item, upload=SimpleUploadedFile("调研方案.pdf", PDF))
    attachments.attach(actor=clerk, obj=plan, upload=SimpleUploadedFile("照片.png", PNG))
    return {"plan": plan.pk, "item": item.pk}


def cut_tail() -> dict:
    """What an attacker with database access does to hide the newest records: delete the last three of the
    longest chain and set its head back to the last record kept (the chain alone still verifies)."""
    from django.db.models import Count

    from renda.core.models import AuditEvent, AuditHead

    chain = AuditEvent.objects.values("chain").annotate(n=Count("id")).order_by("-n")[0]["chain"]
    rows = list(AuditEvent.objects.filter(chain=chain).order_by("-seq")[:4])
    AuditEvent.objects.filter(pk__in=[r.pk for r in rows[:3]]).delete()
    AuditHead.objects.filter(chain=chain).update(seq=rows[3].seq, hash=rows[3].hash)
    return {"chain": chain, "kept": rows[3].seq}


def more() -> dict:
    """Three more audit records in the first congress's chain (work done after a backup)."""
    from renda.core import audit
    from renda.core.models import Congress

    congress = Congress.objects.get(code="ops-city")
    for i in range(3):
        audit.record(actor=None, action="note", congress_id=congress.pk, note=f"备份之后的工作 {i}")
    return {"chain": congress.pk}


def counts() -> dict:
    from django.db import connection

    out = {}
    with connection.cursor() as cur:
        for table in sorted(connection.introspection.table_names(cur)):
            cur.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            out[table] = cur.fetchone()[0]
    return out


def media() -> dict:
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


if __name__ == "__main__":
    action = sys.argv[1]
    result = {"populate": populate, "counts": counts, "media": media, "cut_tail": cut_tail,
              "more": more}[action]()
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
