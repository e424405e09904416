"""`renda backup`: one archive with the database, the uploaded files and a checksum manifest.

The archive is a tar.gz with

- `database.dump` (PostgreSQL: `pg_dump --format=custom`, one consistent snapshot, since pg_dump reads the
  whole database in a single repeatable-read transaction) or `database.sqlite3` (SQLite: the online
  backup API `sqlite3.Connection.backup`, consistent even while the site is writing);
- `media/…`: every file under MEDIA_ROOT (the database is read first, then the files: uploads are
  written before the row that names them commits and are never rewritten in place, so every file a
  backed-up row refers to is in the archive);
- `manifest.json`: format, created time, database engine, the schema version (the newest applied
  migration of each app), the SHA-256 checksum and size of every other member, and the audit checkpoint (the
  signed head of every audit chain, renda.core.witness) taken just before the database was read — the
  archive holds every record it names. The manifest is signed with the platform's SM2 key
  (`signing.sign_json`: "public_key" and "signature" over every other field), so an archive whose files were
  altered and whose checksums were recomputed no longer verifies.

The checkpoint is also appended to the audit witness (RENDA_AUDIT_WITNESS), anchoring the chains outside the
database at every backup. `renda restore ARCHIVE` (restore.py) verifies the signature and the manifest before
it touches anything, and the restored audit chains against the archive's checkpoint after.
The helpers here are shared with restore.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from renda.core import signing, witness

FORMAT = "renda-backup/1"
MANIFEST = "manifest.json"
DB_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


def engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DB_MEMBERS:
        raise CommandError(f"不支持的数据库类型：{vendor}（仅支持 PostgreSQL 和 SQLite）。")
    return vendor


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: RENDA_PG_BIN, then PATH, then Debian's /usr/lib/postgresql/<newest>/bin."""
    candidates = []
    if os.environ.get("RENDA_PG_BIN"):
        candidates.append(Path(os.environ["RENDA_PG_BIN"]) / name)
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    base = Path("/usr/lib/postgresql")
    if base.is_dir():
        versions = sorted((p for p in base.iterdir() if p.name.isdigit()), key=lambda p: int(p.name), reverse=True)
        candidates.extend(v / "bin" / name for v in versions)
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return str(c)
    raise CommandError(f"找不到 {name}：请安装 PostgreSQL 客户端工具，或用 RENDA_PG_BIN 指定其目录。")


def pg_env(alias: str = "default") -> tuple[dict[str, str], str]:
    """Environment for libpq tools (the password never appears on a command line) and the database name."""
    cfg = connections[alias].settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if cfg.get(key):
            env[var] = str(cfg[key])
    options = cfg.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env, cfg["NAME"]


def schema_version(alias: str = "default") -> dict[str, str]:
    """The newest applied migration of each app (by name, which Django numbers in order)."""
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return {}
    latest: dict[str, str] = {}
    for app, name in recorder.migration_qs.values_list("app", "name"):
        if app not in latest or name > latest[app]:
            latest[app] = name
    return dict(sorted(latest.items()))


def code_schema_version() -> dict[str, str]:
    """The newest migration the code ships for each app (the leaf nodes of the migration graph)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {app: name for app, name in sorted(loader.graph.leaf_nodes())}


def dump_database(target_dir: Path, alias: str = "default") -> Path:
    vendor = engine(alias)
    out = target_dir / DB_MEMBERS[vendor]
    if vendor == "postgresql":
        env, name = pg_env(alias)
        cmd = [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(out), name]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise CommandError(f"数据库导出失败（pg_dump）：{proc.stderr.strip()[:500]}")
    else:
        src_name = connections[alias].settings_dict["NAME"]
        src = sqlite3.connect(str(src_name), uri=str(src_name).startswith("file:"))
        dst = sqlite3.connect(str(out))
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
            src.close()
    return out


def write_archive(archive: Path, work: Path, media_root: Path, meta: dict, *, key=None) -> dict:
    """Checksum every member, write the manifest signed with the platform's SM2 key, pack the tar.gz (manifest
    first)."""
    members: dict[str, dict] = {}
    for path in sorted(p for p in work.rglob("*") if p.is_file()):
        rel = path.relative_to(work).as_posix()
        members[rel] = {"sha256": sha256_file(path), "size": path.stat().st_size}
    media_files = []
    if media_root.is_dir():
        for path in sorted(media_root.rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            rel = "media/" + path.relative_to(media_root).as_posix()
            members[rel] = {"sha256": sha256_file(path), "size": path.stat().st_size}
            media_files.append((path, rel))
    manifest = signing.sign_json({**meta, "algorithm": "sha256", "members": members}, key=key)
    (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp = archive.with_name(archive.name + ".part")
    with tarfile.open(tmp, "w:gz") as tar:
        tar.add(work / MANIFEST, arcname=MANIFEST)
        for rel in members:
            if not rel.startswith("media/"):
                tar.add(work / rel, arcname=rel)
        for path, rel in media_files:
            tar.add(path, arcname=rel)
    os.replace(tmp, archive)  # a half-written archive never carries the final name
    return manifest


def audit_checkpoint(archive: Path, warnings: list[str]) -> dict:
    """The signed checkpoint of every audit chain's head, appended to the witness when one is configured.

    Taken before the database is read: chains only grow, so the dump holds every record it names. A witness
    that cannot be written does not stop the backup (a warning); a missing signing key does (checked before)."""
    note = f"renda backup {archive.name}"
    if witness.witness_path() is None:
        warnings.append("未配置审计见证文件（RENDA_AUDIT_WITNESS）：检查点只写入了归档。")
    else:
        try:
            return witness.write_checkpoint(kind="backup", note=note, strict=False).record
        except witness.WitnessError as exc:
            warnings.append(f"{exc}（检查点只写入了归档）")
    return witness.make_checkpoint(kind="backup", note=note)


def make_backup(archive: Path, alias: str = "default", warnings: list[str] | None = None) -> dict:
    vendor = engine(alias)
    try:
        key = signing.signing_key()
    except signing.SigningError as exc:
        raise CommandError(f"无法签署备份清单：{exc}") from None
    warnings = warnings if warnings is not None else []
    archive = archive.resolve()
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="renda-backup-", dir=archive.parent) as tmp:
        work = Path(tmp)
        checkpoint = audit_checkpoint(archive, warnings)
        dump_database(work, alias)
        meta = {
            "format": FORMAT,
            "created": timezone.localtime().isoformat(timespec="seconds"),
            "host": socket.gethostname(),
            "engine": vendor,
            "schema": schema_version(alias),
            "audit_checkpoint": checkpoint,
        }
        return write_archive(archive, work, Path(settings.MEDIA_ROOT), meta, key=key)


def default_archive_name() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"renda-{stamp}.tar.gz"


class Command(BaseCommand):
    help = "备份：数据库（一致性快照）与上传文件打包为一个归档，附校验清单（SHA-256，SM2 签名）和审计检查点。"
    # An operations command (cron, restore in an incident): no URL or model system checks on every run (about
    # 1.2 s of importing the whole URLconf); `renda check --deploy` runs them at deployment.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="归档文件路径（.tar.gz），默认 $RENDA_VAR_DIR/backups/renda-时间.tar.gz")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, archive=None, database="default", **options):
        target = Path(archive) if archive else default_archive_name()
        if not target.name.endswith((".tar.gz", ".tgz")):
            raise CommandError("归档文件名须以 .tar.gz 或 .tgz 结尾。")
        started = dt.datetime.now(tz=dt.UTC)
        warnings: list[str] = []
        manifest = make_backup(target, database, warnings)
        for w in warnings:
            self.stderr.write(f"警告：{w}")
        files = sum(1 for m in manifest["members"] if m.startswith("media/"))
        size = target.stat().st_size
        seconds = (dt.datetime.now(tz=dt.UTC) - started).total_seconds()
        self.stdout.write(self.style.SUCCESS(
            f"备份完成：{target}（数据库 {manifest['engine']}，上传文件 {files} 个，"
            f"归档 {size / 1024 / 1024:.1f} MB，用时 {seconds:.1f} 秒）"))
        chains = manifest["audit_checkpoint"]["chains"]
        self.stdout.write(f"校验清单已签名（SM2）；审计检查点：{len(chains)} 条审计链，"
                          f"共 {sum(c['seq'] for c in chains)} 条记录。")
