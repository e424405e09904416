"""The audit witness: signed checkpoints of every audit chain's head, kept outside the database.

A hash chain inside the database cannot prove its own tail: whoever can write to the database can delete the
newest records of a chain and set its head (`AuditHead`) back to the last record kept, or delete a whole chain
with its head, and the chain still verifies. So the heads are anchored outside: a checkpoint names, for every
chain, the congress, the newest sequence number and that record's hash, with the time; it is signed with the
platform's SM2 key (`renda.core.signing.sign_json`) and appended as one JSON line to the witness file
(RENDA_AUDIT_WITNESS; append-only, ideally on another volume or shipped off the machine with the logs).

Written by `renda audit checkpoint` (and the task `renda.core.tasks.audit_checkpoint`; the daily scheduler runs
the command), by every `renda backup` (the checkpoint also travels inside the archive's signed manifest) and by
`renda restore` after a successful restore (a "restore" checkpoint: the restored data are the new starting point,
so checkpoints written before it no longer bind — restoring yesterday's backup legitimately drops the records
written since).

`audit.verify()` checks the database against every valid checkpoint since the newest "restore" checkpoint: a
chain whose head is below a checkpoint's sequence (its tail was cut), whose record at a checkpoint's sequence no
longer has the checkpoint's hash (rewritten), or that is missing altogether is reported; so is a witness line
that does not parse or whose signature does not verify (edited). Checking every checkpoint, not only the newest,
matters: a checkpoint written after a cut would agree with the cut chain, the earlier one does not.

Line format (one JSON object per line, keys sorted):
    {"format": "renda-audit-checkpoint-1", "kind": "checkpoint" | "backup" | "restore", "at": "<ISO time>",
     "note": "…", "signer": "…", "chains": [{"chain": 1, "congress": "t-city", "seq": 42, "hash": "sm3:…"}, …],
     "public_key": "04…", "signature": "<r||s>"}
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from renda.core import signing
from renda.core.audit import PLATFORM_CHAIN, Finding
from renda.core.models import AuditEvent, AuditHead, Congress

FORMAT = "renda-audit-checkpoint-1"
KINDS = {"checkpoint", "backup", "restore"}
MAX_LINE = 1024 * 1024  # a longer line is not a checkpoint (and is not parsed)


class WitnessError(Exception):
    """A Chinese message for the operator: no witness configured, the witness cannot be written, or the database
    contradicts the witness (a new checkpoint is then refused, so a cut chain is never signed over)."""


@dataclass(frozen=True)
class ChainPoint:
    chain: int
    congress: str
    seq: int
    hash: str


@dataclass
class Checkpoint:
    line: int  # 1-based line number in the witness file (0: not from the file, e.g. a backup's manifest)
    kind: str
    at: dt.datetime
    note: str
    chains: dict[int, ChainPoint]
    record: dict = field(repr=False, default_factory=dict)

    @property
    def label(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S}"


@dataclass
class WitnessState:
    path: Path | None
    checkpoints: list[Checkpoint]  # the valid ones, in file order
    bad: list[tuple[int, str]]  # (line number, reason)

    @property
    def configured(self) -> bool:
        return self.path is not None

    @property
    def current(self) -> list[Checkpoint]:
        """The checkpoints that bind the database now: from the newest "restore" checkpoint on."""
        start = 0
        for i, cp in enumerate(self.checkpoints):
            if cp.kind == "restore":
                start = i
        return self.checkpoints[start:]

    @property
    def latest(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None

    def findings(self) -> list[Finding]:
        return [Finding(-1, line, "witness", reason) for line, reason in self.bad]


def witness_path() -> Path | None:
    raw = str(getattr(settings, "RENDA_AUDIT_WITNESS", "") or "").strip()
    return Path(raw) if raw else None


# ---- writing ------------------------------------------------------------------------------------------------------


def heads() -> list[ChainPoint]:
    """Every chain's newest link (one query for the heads, one for the congress codes)."""
    rows = list(AuditHead.objects.filter(seq__gt=0).order_by("chain").values_list("chain", "seq", "hash"))
    codes = dict(Congress.objects.filter(pk__in=[c for c, _, _ in rows]).values_list("pk", "code"))
    return [ChainPoint(c, "platform" if c == PLATFORM_CHAIN else codes.get(c, ""), s, h) for c, s, h in rows]


def make_checkpoint(*, kind: str = "checkpoint", note: str = "") -> dict:
    """A signed checkpoint of every chain's head (a dict; one witness line once dumped)."""
    if kind not in KINDS:
        raise ValueError(kind)
    key = signing.signing_key()  # SigningError (Chinese) when no key is configured
    body = {
        "format": FORMAT,
        "kind": kind,
        "at": timezone.localtime().isoformat(timespec="microseconds"),
        "note": note[:500],
        "signer": key.signer or signing.default_signer(),
        "chains": [{"chain": p.chain, "congress": p.congress, "seq": p.seq, "hash": p.hash} for p in heads()],
    }
    return signing.sign_json(body, key=key)


def dumps(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


def append(record: dict, path: Path) -> None:
    """Append one line: O_APPEND, a single write, fsync (a reader never sees half a line from a normal write)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        data = dumps(record)
        if os.write(fd, data) != len(data):
            raise WitnessError(f"审计见证文件写入不完整：{path}")
        os.fsync(fd)
    finally:
        os.close(fd)


def write_checkpoint(*, kind: str = "checkpoint", note: str = "", strict: bool = True) -> Checkpoint:
    """Sign a checkpoint and append it to the witness. With `strict`, first check the database against the
    checkpoints already written and refuse (WitnessError) when it contradicts them."""
    path = witness_path()
    if path is None:
        raise WitnessError("未配置审计见证文件（RENDA_AUDIT_WITNESS），无法写入审计检查点。")
    if strict:
        problems = check(read(path).current)
        if problems:
            raise WitnessError("数据库中的审计链与已有的见证检查点不符，拒绝写入新的检查点：\n"
                               + "\n".join(str(f) for f in problems))
    try:
        record = make_checkpoint(kind=kind, note=note)
    except signing.SigningError as exc:
        raise WitnessError(f"无法签署审计检查点：{exc}") from None
    try:
        append(record, path)
    except OSError as exc:
        raise WitnessError(f"无法写入审计见证文件 {path}：{exc.strerror or exc}") from None
    return parse(record)


# ---- reading ------------------------------------------------------------------------------------------------------


def parse(record: dict, *, line: int = 0) -> Checkpoint:
    """A checkpoint from a record already known to be validly signed; ValueError when its fields are wrong."""
    if record.get("format") != FORMAT or record.get("kind") not in KINDS:
        raise ValueError("不是审计检查点（格式不符）")
    at = dt.datetime.fromisoformat(str(record.get("at", "")))
    if at.tzinfo is None:
        raise ValueError("检查点时间缺少时区")
    chains: dict[int, ChainPoint] = {}
    for item in record.get("chains") or []:
        point = ChainPoint(int(item["chain"]), str(item.get("congress", "")), int(item["seq"]), str(item["hash"]))
        if point.seq < 1 or not point.hash:
            raise ValueError("检查点中的序号或校验值无效")
        chains[point.chain] = point
    return Checkpoint(line, str(record["kind"]), at, str(record.get("note", "")), chains, record)


def verify_record(record: dict, *, line: int = 0, trusted: set[str] | None = None) -> Checkpoint:
    """A checkpoint whose signature verifies by a trusted key; ValueError (Chinese reason) otherwise."""
    verdict = signing.verify_json(record, trusted=trusted)
    if not verdict:
        raise ValueError(f"签名无效：{verdict.reason}")
    try:
        return parse(record, line=line)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"内容无效：{exc}") from None


def read(path: Path | None = None) -> WitnessState:
    """Every line of the witness, each signature checked (≈ 10 ms a line)."""
    path = path or witness_path()
    if path is None:
        return WitnessState(None, [], [])
    if not path.exists():
        return WitnessState(path, [], [])
    trusted = signing.trusted_public_keys()
    checkpoints: list[Checkpoint] = []
    bad: list[tuple[int, str]] = []
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            if len(raw) > MAX_LINE:
                bad.append((number, "该行过长，不是审计检查点"))
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                bad.append((number, "该行不是有效的 JSON（被改动或写入不完整）"))
                continue
            if not isinstance(record, dict):
                bad.append((number, "该行不是审计检查点"))
                continue
            try:
                checkpoints.append(verify_record(record, line=number, trusted=trusted))
            except ValueError as exc:
                bad.append((number, str(exc)))
    return WitnessState(path, checkpoints, bad)


# ---- checking the database ----------------------------------------------------------------------------------------


def _stored_hashes(chain: int, seqs: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(seqs), 500):
        out.update(AuditEvent.objects.filter(chain=chain, seq__in=seqs[i:i + 500]).values_list("seq", "hash"))
    return out


def check(checkpoints: list[Checkpoint], chain: int | None = None) -> list[Finding]:
    """The database against `checkpoints`: at most one finding per chain (the chain missing, its tail cut, a
    checkpointed record gone or rewritten). A few queries per chain, whatever the number of checkpoints."""
    claims: dict[int, list[tuple[int, str, Checkpoint]]] = {}
    codes: dict[int, str] = {}
    for cp in checkpoints:
        for point in cp.chains.values():
            if chain is not None and point.chain != chain:
                continue
            claims.setdefault(point.chain, []).append((point.seq, point.hash, cp))
            codes[point.chain] = point.congress
    findings: list[Finding] = []
    for c in sorted(claims):
        items = sorted(claims[c], key=lambda t: (t[0], t[2].at))
        code = codes[c]
        top_seq, _, top_cp = max(items, key=lambda t: t[0])
        head = AuditHead.objects.filter(chain=c).values_list("seq", flat=True).first()
        last = AuditEvent.objects.filter(chain=c).aggregate(m=Max("seq"))["m"]
        if head is None and last is None:
            findings.append(Finding(c, top_seq, "missing", f"{top_cp.label} 的见证检查点记录该链到第 {top_seq} 条，"
                                    "数据库中已没有该链的任何记录（整条链连同链头被删除）", code))
            continue
        newest = max(head or 0, last or 0)
        stored = _stored_hashes(c, sorted({seq for seq, _, _ in items}))
        for seq, digest, cp in items:
            got = stored.get(seq)
            if got is None and newest < seq:
                findings.append(Finding(c, newest + 1, "truncated", f"链头为第 {newest} 条，但 {top_cp.label} 的见证检查点"
                                        f"记录到第 {top_seq} 条：第 {newest + 1} 至 {top_seq} 条记录被删除", code))
                break
            if got is None:
                findings.append(Finding(c, seq, "deleted", f"{cp.label} 的见证检查点记录的第 {seq} 条已不存在", code))
                break
            if not hmac.compare_digest(got, digest):
                findings.append(Finding(c, seq, "diverged", f"校验值与 {cp.label} 的见证检查点不符"
                                        "（该记录或其之前的记录被改写、替换）", code))
                break
    return findings
