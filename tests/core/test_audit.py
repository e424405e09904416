"""The audit trail: appended by every service, verified by `renda audit verify`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from renda.core import audit
from renda.core.models import AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


def _chain(cast):
    return cast.congress.pk


def test_services_write_a_verified_chain_per_congress(plan_world):
    c = plan_world
    events = AuditEvent.objects.filter(chain=_chain(c)).order_by("seq")
    assert events.count() > 5
    actions = set(events.values_list("action", flat=True))
    assert {"create", "transition", "version"} <= actions
    transition = events.filter(action="transition", to_state="issued").get()
    assert transition.rule_id == "WP-PLAN-FLOW"
    assert "《监督法》第六十三条第二款" in transition.legal_basis
    assert transition.actor_id == c.clerk.pk
    assert audit.verify() == []
    # separate congresses have separate chains
    assert AuditEvent.objects.filter(chain=c.other.congress.pk).exists()


def test_edited_record_is_reported(plan_world):
    ev = AuditEvent.objects.filter(chain=_chain(plan_world)).order_by("seq")[3]
    AuditEvent.objects.filter(pk=ev.pk).update(note="被人改过")
    findings = audit.verify()
    assert len(findings) == 1
    assert (findings[0].seq, findings[0].kind) == (ev.seq, "edited")
    assert "被篡改" in str(findings[0])


def test_deleted_record_is_reported(plan_world):
    ev = AuditEvent.objects.filter(chain=_chain(plan_world)).order_by("seq")[4]
    AuditEvent.objects.filter(pk=ev.pk).delete()
    [finding] = audit.verify()
    assert (finding.seq, finding.kind) == (ev.seq, "deleted")


def test_deleted_tail_is_reported(plan_world):
    last = AuditEvent.objects.filter(chain=_chain(plan_world)).order_by("-seq").first()
    last.delete()
    [finding] = audit.verify()
    assert (finding.seq, finding.kind) == (last.seq, "deleted")


def test_inserted_record_is_reported(plan_world):
    last = AuditEvent.objects.filter(chain=_chain(plan_world)).order_by("-seq").first()
    forged = AuditEvent.objects.get(pk=last.pk)
    forged.pk = None
    forged.seq = last.seq + 1
    forged.prev_hash = last.hash
    forged.note = "伪造的记录"
    forged.hash = "0" * 64
    forged.save()
    [finding] = audit.verify()
    assert (finding.seq, finding.kind) == (forged.seq, "inserted")


def test_inserted_record_in_the_middle_is_reported(plan_world):
    """A row slipped in between two others (the later rows renumbered) breaks the chain at the new row."""
    rows = list(AuditEvent.objects.filter(chain=_chain(plan_world)).order_by("-seq"))
    # make room at seq 3 by shifting every later row up by one (highest first, for the unique constraint)
    for row in rows:
        if row.seq >= 3:
            AuditEvent.objects.filter(pk=row.pk).update(seq=row.seq + 1)
    AuditHead.objects.filter(chain=_chain(plan_world)).update(seq=rows[0].seq + 1)
    template = AuditEvent.objects.filter(chain=_chain(plan_world), seq=2).get()
    template.pk = None
    template.seq = 3
    template.prev_hash = AuditEvent.objects.get(chain=_chain(plan_world), seq=2).hash
    template.hash = "f" * 64
    template.save()
    [finding] = audit.verify()
    assert (finding.seq, finding.kind) == (3, "inserted")


def test_command_reports_and_fails(plan_world, capsys):
    call_command("audit", "verify")
    assert "审计链完整" in capsys.readouterr().out
    ev = AuditEvent.objects.filter(chain=_chain(plan_world)).order_by("seq")[2]
    AuditEvent.objects.filter(pk=ev.pk).update(changes={"after": {"title": "改"}})
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert f"第 {ev.seq} 条记录被篡改" in capsys.readouterr().err


def test_logins_and_failures_are_audited(cast):
    from django.test import Client

    client = Client()
    assert not client.login(username="clerk", password="wrong")
    assert client.login(username="clerk", password=cast.password)
    assert AuditEvent.objects.filter(action="login_failed", note__contains="clerk").exists()
    assert AuditEvent.objects.filter(action="login", actor_id=cast.clerk.pk, chain=cast.congress.pk).exists()
    assert audit.verify() == []
