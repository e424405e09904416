"""The audit witness: signed checkpoints of every chain's head outside the database (renda.core.witness).

A cut tail with the head set back, a whole chain deleted with its head, an edited witness line are each found by
`audit.verify()` and `renda audit verify`; untouched data verify clean; a new checkpoint is refused over a cut
chain, and a checkpoint written after the cut does not launder it."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from renda.core import audit, witness
from renda.core.models import AuditEvent, AuditHead

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


@pytest.fixture
def witness_file(settings, tmp_path):
    path = tmp_path / "witness" / "audit-witness.jsonl"
    settings.RENDA_AUDIT_WITNESS = str(path)
    return path


@pytest.fixture
def checkpointed(plan_world, witness_file):
    with time_machine.travel(NOON, tick=False):
        call_command("audit", "checkpoint")
    return plan_world


def _chain(cast):
    return cast.congress.pk


def _cut_tail(chain: int, n: int) -> int:
    """Delete the newest n records and set the head back to the last one kept (the chain itself stays valid)."""
    rows = list(AuditEvent.objects.filter(chain=chain).order_by("-seq")[: n + 1])
    keep = rows[-1]
    AuditEvent.objects.filter(pk__in=[r.pk for r in rows[:-1]]).delete()
    AuditHead.objects.filter(chain=chain).update(seq=keep.seq, hash=keep.hash)
    return keep.seq


def test_untouched_data_verify_clean(checkpointed, witness_file, capsys):
    [line] = witness_file.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["format"] == "renda-audit-checkpoint-1" and record["kind"] == "checkpoint"
    chains = {c["chain"]: c for c in record["chains"]}
    head = AuditHead.objects.get(chain=_chain(checkpointed))
    assert chains[head.chain] == {"chain": head.chain, "congress": "t-city", "seq": head.seq, "hash": head.hash}
    assert checkpointed.other.congress.pk in chains
    assert audit.verify() == []
    # records written after the checkpoint are fine: the chain only grows
    from renda.workplan import services as wp

    wp.plan_create(actor=checkpointed.clerk, year=2027)
    assert audit.verify() == []
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "审计链完整" in out and "1 个审计检查点" in out


def test_cut_tail_with_the_head_reset_is_found(checkpointed, capsys):
    chain = _chain(checkpointed)
    top = AuditHead.objects.get(chain=chain).seq
    kept = _cut_tail(chain, 3)
    assert audit.verify(witness=False) == []  # the chain alone cannot see it
    [finding] = audit.verify()
    assert (finding.chain, finding.seq, finding.kind) == (chain, kept + 1, "truncated")
    assert f"第 {kept + 1} 至 {top} 条记录被删除" in str(finding) and "t-city" in str(finding)
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert f"第 {kept + 1} 条及之后的记录被删除" in capsys.readouterr().err
    # the scheduler's next checkpoint refuses to sign over the cut chain…
    with pytest.raises(CommandError, match="拒绝写入新的检查点"):
        call_command("audit", "checkpoint")
    # …and one written anyway (a backup's) does not launder it: every checkpoint since the last restore binds
    witness.write_checkpoint(kind="backup", strict=False)
    assert [f.kind for f in audit.verify()] == ["truncated"]


def test_a_whole_chain_deleted_with_its_head_is_found(checkpointed):
    other = checkpointed.other.congress.pk
    top = AuditHead.objects.get(chain=other).seq
    AuditEvent.objects.filter(chain=other).delete()
    AuditHead.objects.filter(chain=other).delete()
    assert audit.verify(witness=False) == []
    [finding] = audit.verify()
    assert (finding.chain, finding.kind) == (other, "missing")
    assert "整条缺失" in str(finding) and f"第 {top} 条" in str(finding) and "t-other" in str(finding)


def test_a_rewritten_record_is_found_even_with_the_audit_key(checkpointed):
    """With the audit key an attacker can rewrite a chain so that it verifies; the checkpoint still differs."""
    chain = _chain(checkpointed)
    rows = list(AuditEvent.objects.filter(chain=chain).order_by("seq"))
    prev = rows[1].hash
    for ev in rows[2:]:  # rewrite record 3 and re-chain every later one, head included
        if ev.seq == 3:
            ev.note = "改写过的记录"
        ev.prev_hash = prev
        ev.hash = audit.compute_hash(ev)
        AuditEvent.objects.filter(pk=ev.pk).update(note=ev.note, prev_hash=ev.prev_hash, hash=ev.hash)
        prev = ev.hash
    AuditHead.objects.filter(chain=chain).update(hash=prev)
    assert audit.verify(witness=False) == []
    [finding] = audit.verify()
    assert (finding.chain, finding.seq, finding.kind) == (chain, rows[-1].seq, "diverged")


def test_an_edited_witness_line_is_found(checkpointed, witness_file, capsys):
    with time_machine.travel(NOON + dt.timedelta(hours=1), tick=False):
        call_command("audit", "checkpoint")
    lines = witness_file.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    for c in record["chains"]:
        c["seq"] -= 3  # make an older checkpoint agree with a tail to be cut
    lines[0] = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    witness_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [finding] = audit.verify()
    assert (finding.kind, finding.seq) == ("witness", 1)
    assert str(finding).startswith("审计见证文件第 1 行无效：签名无效")
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert "审计见证文件第 1 行无效" in capsys.readouterr().err
    # a line that is not even JSON any more
    witness_file.write_text(lines[1][:-20] + "\n", encoding="utf-8")
    [finding] = audit.verify()
    assert (finding.kind, finding.seq) == ("witness", 1) and "JSON" in finding.detail


def test_a_restore_checkpoint_starts_over(checkpointed):
    """After a restore of an older backup, the checkpoints before the restore no longer bind."""
    chain = _chain(checkpointed)
    _cut_tail(chain, 2)  # what restoring yesterday's backup looks like
    assert [f.kind for f in audit.verify()] == ["truncated"]
    witness.write_checkpoint(kind="restore", note="恢复归档", strict=False)
    assert audit.verify() == []


def test_without_a_checkpoint_verify_is_clean_but_the_command_warns(plan_world, witness_file, settings, capsys):
    assert audit.verify() == []
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "还没有有效的审计检查点" in out and "审计链完整" in out
    settings.RENDA_AUDIT_WITNESS = ""
    assert audit.verify() == []
    call_command("audit", "verify")
    assert "未配置审计见证文件" in capsys.readouterr().out
    with pytest.raises(CommandError, match="未配置审计见证文件"):
        call_command("audit", "checkpoint")


def test_the_periodic_task_writes_a_checkpoint(plan_world, witness_file):
    from renda.core.tasks import audit_checkpoint

    with time_machine.travel(NOON, tick=False):
        result = audit_checkpoint.enqueue()
    assert result.return_value["chains"] == 2
    [cp] = witness.read().checkpoints
    assert cp.at == NOON and cp.chains[_chain(plan_world)].seq == AuditHead.objects.get(chain=_chain(plan_world)).seq
