"""`renda backup` / `renda restore` round trips on a scratch database, through the real command line.

The engine follows the suite's database: with RENDA_DATABASE_URL=postgres://… the round trip creates and
drops its own database `test_backup_<pid>` on that server (never touching any other); otherwise it uses a
SQLite file in a temporary folder. Each round trip: migrate, write data through the services (audit
events, encrypted personal data, uploads), back up, wipe database and files, restore, then compare row
counts of every table and the checksum of every file, and `renda audit verify` must be clean.

The manifest is signed (SM2, the platform key generated into the scratch RENDA_VAR_DIR) and carries a signed
audit checkpoint; the audit witness is a file in the scratch RENDA_VAR_DIR (RENDA_AUDIT_WITNESS).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import dj_database_url
import pytest

HERE = Path(__file__).resolve().parent
RENDA = str(Path(sys.executable).with_name("renda"))
SUITE_URL = os.environ.get("RENDA_DATABASE_URL", "")
ON_PG = SUITE_URL.startswith(("postgres://", "postgresql://"))


def _run(env, *args, check=True):
    proc = subprocess.run([RENDA, *args], env=env, capture_output=True, text=True, timeout=600, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"renda {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def _data(env, action):
    proc = subprocess.run([sys.executable, str(HERE / "opsdata.py"), action], env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


class Scratch:
    """A scratch database (SQLite file or PostgreSQL database test_backup_<pid>) and media folder."""

    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.media = tmp_path / "media"
        if ON_PG:
            cfg = dj_database_url.parse(SUITE_URL)
            self.pg = cfg
            self.name = f"test_backup_{os.getpid()}"
            auth = cfg["USER"] + (f":{cfg['PASSWORD']}" if cfg.get("PASSWORD") else "")
            self.url = f"postgres://{auth}@{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}/{self.name}"
        else:
            self.url = f"sqlite:///{tmp_path / 'renda.sqlite3'}"
        self.witness = tmp_path / "var" / "audit-witness.jsonl"
        self.env = {**os.environ, "RENDA_DATABASE_URL": self.url, "RENDA_MEDIA_ROOT": str(self.media),
                    "RENDA_VAR_DIR": str(tmp_path / "var"), "RENDA_TESTING": "1",
                    "RENDA_AUDIT_WITNESS": str(self.witness)}
        for name in ("RENDA_SIGNING_KEY_FILE", "RENDA_SIGNING_TRUSTED_KEYS"):
            self.env.pop(name, None)

    def _admin(self, sql: str) -> None:
        import psycopg

        cfg = self.pg
        with psycopg.connect(host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"],
                             password=cfg.get("PASSWORD") or None, dbname="postgres", autocommit=True) as conn:
            conn.execute(sql)

    def create(self) -> None:
        if ON_PG:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')

    def wipe(self) -> None:
        """Lose everything: the database and the uploaded files."""
        import shutil

        if ON_PG:
            self.create()
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.tmp / "renda.sqlite3") + suffix).unlink(missing_ok=True)
        shutil.rmtree(self.media, ignore_errors=True)

    def drop(self) -> None:
        if ON_PG:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """Migrated once for the module (migrations are the slow part) and filled through the services."""
    s = Scratch(tmp_path_factory.mktemp("backup"))
    s.create()
    try:
        _run(s.env, "migrate", "--noinput", "-v0")
        _data(s.env, "populate")
        yield s
    finally:
        s.drop()


def test_round_trip_restores_every_row_and_file(scratch, tmp_path):
    env = scratch.env
    rows_before = _data(env, "counts")
    files_before = _data(env, "media")
    assert len(files_before) == 2
    assert rows_before["core_auditevent"] > 0 and rows_before["workplan_workplanitem"] == 1

    archive = tmp_path / "backup.tar.gz"
    out = _run(env, "backup", str(archive)).stdout
    assert "备份完成" in out
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[0] == "manifest.json"
    assert manifest["engine"] == ("postgresql" if ON_PG else "sqlite")
    assert manifest["schema"]["workplan"].startswith("00") and manifest["created"]
    assert set(manifest["members"]) == set(names) - {"manifest.json"}
    assert all(len(m["sha256"]) == 64 for m in manifest["members"].values())
    # signed, with the audit checkpoint taken before the database was read (also appended to the witness)
    assert len(manifest["signature"]) == 128 and manifest["public_key"].startswith("04")
    checkpoint = manifest["audit_checkpoint"]
    assert checkpoint["kind"] == "backup" and checkpoint["chains"] and checkpoint["signature"]
    assert _witness(scratch)[-1] == checkpoint

    scratch.wipe()
    assert _data(env, "media") == {}

    proc = _run(env, "restore", str(archive))
    assert "恢复完成" in proc.stdout and "审计链完整" in proc.stdout
    assert "与归档中的审计检查点一致" in proc.stdout and "警告" not in proc.stderr
    assert _witness(scratch)[-1]["kind"] == "restore"
    assert _data(env, "counts") == rows_before
    assert _data(env, "media") == files_before
    assert "审计链完整" in _run(env, "audit", "verify").stdout

    # The database now holds data: a second restore is refused without --force, allowed with it.
    refused = _run(env, "restore", str(archive), check=False)
    assert refused.returncode != 0 and "拒绝覆盖" in refused.stderr and "--force" in refused.stderr
    _run(env, "restore", str(archive), "--force")
    assert _data(env, "counts") == rows_before


def _witness(scratch) -> list[dict]:
    return [json.loads(line) for line in scratch.witness.read_text(encoding="utf-8").splitlines()]


def _rewrite(archive: Path, target: Path, change) -> None:
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as out:
        for m in src:
            data = src.extractfile(m).read()
            data = change(m.name, data)
            if data is None:
                continue
            info = tarfile.TarInfo(m.name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


def test_a_corrupted_archive_is_refused_before_anything_changes(scratch, tmp_path):
    env = scratch.env
    archive = tmp_path / "backup.tar.gz"
    _run(env, "backup", str(archive))
    rows = _data(env, "counts")

    flipped = tmp_path / "flipped.tar.gz"
    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    flipped.write_bytes(bytes(raw))
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    edited = tmp_path / "edited.tar.gz"
    _rewrite(archive, edited, lambda name, data: b"%PDF-1.4 forged" if name.startswith("media/") else data)
    dropped = tmp_path / "dropped.tar.gz"
    _rewrite(archive, dropped, lambda name, data: None if name.startswith("media/") else data)
    no_manifest = tmp_path / "no-manifest.tar.gz"
    _rewrite(archive, no_manifest, lambda name, data: None if name == "manifest.json" else data)

    for bad in (flipped, truncated, edited, dropped, no_manifest):
        proc = _run(env, "restore", str(bad), "--force", check=False)
        assert proc.returncode != 0, bad.name
        assert "归档校验失败" in proc.stderr, (bad.name, proc.stderr)
        assert "Traceback" not in proc.stderr
    assert _data(env, "counts") == rows  # nothing was touched

    ok = _run(env, "restore", str(archive), "--verify-only")
    assert "归档校验通过" in ok.stdout


def test_an_altered_file_with_a_recomputed_manifest_is_refused(scratch, tmp_path):
    """The checksums alone can be recomputed by whoever alters a file; the manifest's SM2 signature cannot."""
    import hashlib

    from renda.core import signing

    env = scratch.env
    archive = tmp_path / "backup.tar.gz"
    _run(env, "backup", str(archive))
    rows = _data(env, "counts")
    forged_pdf = b"%PDF-1.4 forged"

    def recomputed(name, data, *, resign=None, drop_signature=False):
        if name.startswith("media/") and name.endswith(".pdf"):
            return forged_pdf
        if name == "manifest.json":
            manifest = json.loads(data)
            for member, meta in manifest["members"].items():
                if member.startswith("media/") and member.endswith(".pdf"):
                    meta.update(sha256=hashlib.sha256(forged_pdf).hexdigest(), size=len(forged_pdf))
            if resign is not None:
                manifest = signing.sign_json(manifest, key=resign)
            if drop_signature:
                manifest.pop("signature", None)
                manifest.pop("public_key", None)
            return json.dumps(manifest, ensure_ascii=False).encode()
        return data

    altered = tmp_path / "altered.tar.gz"
    _rewrite(archive, altered, recomputed)
    other_key = tmp_path / "other-key.tar.gz"
    _rewrite(archive, other_key, lambda n, d: recomputed(n, d, resign=signing.generate_keypair("别的单位")))
    unsigned = tmp_path / "unsigned.tar.gz"
    _rewrite(archive, unsigned, lambda n, d: recomputed(n, d, drop_signature=True))

    for bad, reason in ((altered, "签名无效"), (other_key, "不是本平台信任的签名公钥"), (unsigned, "没有签名")):
        for extra in (["--force"], ["--verify-only"]):
            proc = _run(env, "restore", str(bad), *extra, check=False)
            assert proc.returncode != 0, bad.name
            assert "归档校验失败" in proc.stderr and reason in proc.stderr, (bad.name, proc.stderr)
            assert "Traceback" not in proc.stderr
    assert _data(env, "counts") == rows  # nothing was restored
    assert "归档校验通过" in _run(env, "restore", str(archive), "--verify-only").stdout


def test_restoring_an_older_backup_warns_and_starts_the_witness_over(scratch, tmp_path):
    """Records written (and checkpointed) after the backup are lost by restoring it: said as a warning, the
    restore succeeds, and its "restore" checkpoint makes the restored data the reference for `audit verify`."""
    env = scratch.env
    archive = tmp_path / "backup.tar.gz"
    _run(env, "backup", str(archive))
    _data(env, "more")
    _run(env, "audit", "checkpoint")
    proc = _run(env, "restore", str(archive), "--force")
    assert "恢复完成" in proc.stdout and "与归档中的审计检查点一致" in proc.stdout
    assert "警告" in proc.stderr and "归档生成之后的检查点" in proc.stderr and "记录被删除" in proc.stderr
    assert _witness(scratch)[-1]["kind"] == "restore"
    verify = _run(env, "audit", "verify")
    assert "审计链完整" in verify.stdout and "恢复数据起" in verify.stdout


def test_a_tail_cut_before_the_backup_fails_the_restore(scratch, tmp_path):
    """Records checkpointed in the witness, then cut from the database (head set back) before a backup: the
    archive is consistent with itself, but the restore checks the witness and reports failure."""
    env = scratch.env
    assert "审计检查点已写入" in _run(env, "audit", "checkpoint").stdout
    cut = _data(env, "cut_tail")
    verify = _run(env, "audit", "verify", check=False)
    assert verify.returncode != 0 and f"第 {cut['kept'] + 1} 条及之后的记录被删除" in verify.stderr
    archive = tmp_path / "backup.tar.gz"
    _run(env, "backup", str(archive))
    proc = _run(env, "restore", str(archive), "--force", check=False)
    assert proc.returncode != 0 and "恢复失败" in proc.stderr, proc.stderr
    assert f"第 {cut['kept'] + 1} 条及之后的记录被删除" in proc.stderr and "Traceback" not in proc.stderr
    assert _witness(scratch)[-1]["kind"] == "backup"  # no "restore" checkpoint over the cut chain
