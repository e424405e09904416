"""`renda restore ARCHIVE`: verify a `renda backup` archive, then restore the database and the uploaded files.

Order of work, so that a bad archive never touches the installation:

1. read the manifest and every member into a staging directory, checking the manifest's SM2 signature (by a
   key the platform trusts: its own or RENDA_SIGNING_TRUSTED_KEYS) and its audit checkpoint, each member's
   SHA-256 and size against the manifest, and that the archive holds exactly the members the manifest lists;
2. check the archive fits: same database engine, no migration the code does not know;
3. refuse a database that already holds data unless `--force`;
4. restore the database (PostgreSQL: `pg_restore --single-transaction --exit-on-error`, so a failure
   leaves the database as it was; SQLite: the backup API copies the verified file in one step);
5. copy the files into MEDIA_ROOT (each written under a temporary name, then renamed) and check them;
6. verify the audit chains: each chain in itself, against the archive's signed checkpoint (the restored data
   must hold every record it names, unchanged), and against the checkpoints of this machine's witness
   (RENDA_AUDIT_WITNESS) written up to the archive's; checkpoints written after the archive cannot bind it
   (restoring an older backup loses the records written since): what they report is a warning. Only then is
   success reported, and a "restore" checkpoint appended to the witness: the restored data are the new
   starting point for `renda audit verify`.

Any refusal is a Chinese message on stderr and exit status 1.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from renda.core import audit, signing, witness
from renda.core.management.commands.backup import (
    CHUNK,
    DB_MEMBERS,
    FORMAT,
    MANIFEST,
    code_schema_version,
    engine,
    pg_env,
    pg_tool,
    sha256_file,
)

# Tables Django fills by itself on `migrate`: rows there do not make a database "non-empty".
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "django_session"}


def _safe_name(name: str) -> str | None:
    p = PurePosixPath(name)
    if p.is_absolute() or not p.parts or any(part in ("..", "") for part in p.parts):
        return None
    return p.as_posix()


def read_and_verify(archive: Path, staging: Path) -> dict:
    """Unpack into `staging`, checking everything against the manifest; the manifest on success."""
    if not archive.is_file():
        raise CommandError(f"找不到归档文件：{archive}")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = None
            seen: dict[str, tuple[str, int]] = {}
            for info in tar:
                name = _safe_name(info.name)
                if name is None or not (info.isfile() or info.isdir()):
                    raise CommandError(f"归档校验失败：含有不允许的成员「{info.name}」（绝对路径、上级目录或链接），拒绝恢复。")
                if info.isdir():
                    continue
                src = tar.extractfile(info)
                if name == MANIFEST:
                    try:
                        manifest = json.loads(src.read(16 * 1024 * 1024).decode("utf-8"))
                    except (UnicodeDecodeError, json.JSONDecodeError):
                        raise CommandError("归档校验失败：校验清单 manifest.json 无法解析，归档已损坏。") from None
                    continue
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                h = hashlib.sha256()
                size = 0
                with open(target, "wb") as out:
                    while chunk := src.read(CHUNK):
                        h.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                seen[name] = (h.hexdigest(), size)
    except (tarfile.TarError, EOFError, zlib.error):
        raise CommandError("归档校验失败：归档文件已损坏或不完整（无法解压），拒绝恢复。") from None
    except OSError as exc:  # gzip.BadGzipFile has no errno; a real I/O error has one
        if exc.errno:
            raise CommandError(f"读取归档失败：{exc.strerror}（{archive}）。") from None
        raise CommandError("归档校验失败：归档文件已损坏或不完整（无法解压），拒绝恢复。") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CommandError("归档校验失败：缺少有效的校验清单 manifest.json，这不是 renda backup 生成的归档或已损坏。")
    verify_signature(manifest)
    members = manifest.get("members")
    if not isinstance(members, dict):
        raise CommandError("归档校验失败：校验清单缺少成员列表。")
    missing = sorted(set(members) - set(seen))
    extra = sorted(set(seen) - set(members))
    if missing:
        raise CommandError(f"归档校验失败：缺少 {len(missing)} 个成员（如「{missing[0]}」），拒绝恢复。")
    if extra:
        raise CommandError(f"归档校验失败：含有清单以外的 {len(extra)} 个成员（如「{extra[0]}」），拒绝恢复。")
    for name, (digest, size) in seen.items():
        want = members[name]
        if not isinstance(want, dict) or want.get("sha256") != digest or want.get("size") != size:
            raise CommandError(f"归档校验失败：「{name}」的校验值与清单不符，文件已损坏或被修改，拒绝恢复。")
    return manifest


def verify_signature(manifest: dict) -> None:
    """The manifest's SM2 signature and the audit checkpoint it carries, or a Chinese refusal."""
    if "signature" not in manifest:
        raise CommandError("归档校验失败：校验清单没有签名（旧版本生成的归档，或签名被删除），拒绝恢复。")
    try:
        verdict = signing.verify_json(manifest)
    except signing.SigningError as exc:  # RENDA_SIGNING_TRUSTED_KEYS names a key that cannot be read
        raise CommandError(f"无法校验归档签名：{exc}") from None
    if not verdict:
        raise CommandError(f"归档校验失败：校验清单的签名无效（{verdict.reason}），归档可能被改动，拒绝恢复。")
    try:
        witness.verify_record(manifest.get("audit_checkpoint"))
    except (ValueError, AttributeError) as exc:
        raise CommandError(f"归档校验失败：归档中的审计检查点无效（{exc}），拒绝恢复。") from None


def verify_audit(manifest: dict) -> tuple[list[str], list[str]]:
    """(failures, warnings) of the restored audit chains; see step 6 of the module's docstring."""
    archived = witness.verify_record(manifest["audit_checkpoint"])
    failures = [str(f) for f in audit.verify(witness=False)]
    failures += [f"{f}（与归档中的审计检查点核对）" for f in witness.check([archived])]
    warnings: list[str] = []
    state = witness.read()
    warnings += [str(f) for f in state.findings()]
    current = state.current
    older = [cp for cp in current if cp.at <= archived.at]
    newer = [cp for cp in current if cp.at > archived.at]
    failures += [f"{f}（与本机见证文件中归档之前的检查点核对）" for f in witness.check(older)]
    # Checkpoints written after the archive cannot bind it: restoring an older backup loses the records written
    # since (and after an earlier restore the sequence numbers may have been used again). Said, not failed.
    warnings += [f"{f}（本机见证文件中归档生成之后的检查点：恢复较早的备份时，其后的记录不在恢复的数据中）"
                 for f in witness.check(newer)]
    return failures, warnings


def database_has_data(alias: str = "default") -> bool:
    conn = connections[alias]
    with conn.cursor() as cur:
        for table in conn.introspection.table_names(cur):
            if table in BOOKKEEPING:
                continue
            cur.execute(f"SELECT 1 FROM {conn.ops.quote_name(table)} LIMIT 1")  # noqa: S608 (introspected name)
            if cur.fetchone():
                return True
    return False


def restore_postgresql(dump: Path, alias: str, force: bool) -> None:
    conn = connections[alias]
    if force:
        with conn.cursor() as cur:
            cur.execute("DROP SCHEMA IF EXISTS public CASCADE")
            cur.execute("CREATE SCHEMA public")
    conn.close()
    env, name = pg_env(alias)
    cmd = [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
           "--dbname", name, str(dump)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise CommandError(f"数据库恢复失败（pg_restore），数据库未被修改：{proc.stderr.strip()[:500]}")


def restore_sqlite(db_file: Path, alias: str) -> None:
    conn = connections[alias]
    name = str(conn.settings_dict["NAME"])
    conn.close()
    if not name.startswith("file:"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(str(db_file))
    dst = sqlite3.connect(name, uri=name.startswith("file:"), timeout=30)
    try:
        src.backup(dst)  # one step: pages are copied under the destination's write lock
    finally:
        dst.close()
        src.close()


def restore_media(staging: Path, manifest: dict, media_root: Path) -> int:
    count = 0
    for name, meta in manifest["members"].items():
        if not name.startswith("media/"):
            continue
        rel = name[len("media/"):]
        target = media_root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.restore")
        shutil.copyfile(staging / name, tmp)
        os.replace(tmp, target)
        if sha256_file(target) != meta["sha256"]:
            raise CommandError(f"上传文件恢复后校验失败：{rel}（磁盘写入出错？）")
        count += 1
    return count


class Command(BaseCommand):
    help = ("恢复：先校验归档（校验清单的 SM2 签名与每个成员的 SHA-256），再恢复数据库和上传文件，最后校验审计链；"
            "数据库非空时须加 --force。")
    # An operations command (cron, restore in an incident): no URL or model system checks on every run (about
    # 1.2 s of importing the whole URLconf); `renda check --deploy` runs them at deployment.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="renda backup 生成的归档（.tar.gz）")
        parser.add_argument("--force", action="store_true", help="覆盖已有数据的数据库（原有数据将被替换）")
        parser.add_argument("--verify-only", action="store_true", help="只校验归档，不恢复")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, archive, force=False, verify_only=False, database="default", **options):
        archive_path = Path(archive)
        media_root = Path(settings.MEDIA_ROOT)
        scratch = media_root.parent if media_root.parent.is_dir() else None
        with tempfile.TemporaryDirectory(prefix="renda-restore-", dir=scratch) as tmp:
            staging = Path(tmp)
            manifest = read_and_verify(archive_path, staging)
            files = sum(1 for m in manifest["members"] if m.startswith("media/"))
            self.stdout.write(f"归档校验通过：{manifest.get('created', '')} 生成，数据库 {manifest.get('engine')}，"
                              f"上传文件 {files} 个，校验清单签名有效（{manifest['audit_checkpoint'].get('signer', '')}）。")
            if verify_only:
                return
            vendor = engine(database)
            if manifest.get("engine") != vendor:
                raise CommandError(f"归档中的数据库类型（{manifest.get('engine')}）与当前数据库（{vendor}）不同，无法恢复。")
            db_member = DB_MEMBERS[vendor]
            if db_member not in manifest["members"]:
                raise CommandError("归档中没有数据库文件，拒绝恢复。")
            code = code_schema_version()
            archived = manifest.get("schema") or {}
            unknown = [f"{app}.{name}" for app, name in archived.items()
                       if app in code and name > code[app]] + [app for app in archived if app not in code]
            if unknown:
                raise CommandError(f"归档来自更新版本的程序（本程序没有迁移 {unknown[0]}），请先升级程序再恢复。")
            if database_has_data(database) and not force:
                raise CommandError("当前数据库已有数据，拒绝覆盖。确认要用归档替换现有数据时，请加 --force。")
            if vendor == "postgresql":
                restore_postgresql(staging / db_member, database, force)
            else:
                restore_sqlite(staging / db_member, database)
            restored = restore_media(staging, manifest, media_root)
        self.stdout.write(self.style.SUCCESS(f"恢复完成：数据库已恢复，上传文件 {restored} 个已写入 {media_root}。"))
        behind = [app for app, name in code.items() if app in archived and archived[app] < name]
        if behind:
            self.stdout.write(f"归档的数据库结构早于本程序（{', '.join(behind[:5])}…），请运行 renda migrate。")
        failures, warnings = verify_audit(manifest)
        for w in warnings:
            self.stderr.write(f"警告：{w}")
        if failures:
            for f in failures:
                self.stderr.write(f)
            raise CommandError("数据已恢复，但审计链校验未通过（恢复失败）：请确认 RENDA_AUDIT_KEY 与备份时一致，"
                               "并检查上面列出的问题。")
        self.stdout.write(self.style.SUCCESS("审计链完整：未发现篡改、删除或插入，与归档中的审计检查点一致。"))
        if witness.witness_path() is not None:
            try:
                witness.write_checkpoint(kind="restore", note=f"renda restore {archive_path.name}（{manifest.get('created', '')}）",
                                         strict=False)
            except witness.WitnessError as exc:
                self.stderr.write(f"警告：{exc}")
            else:
                self.stdout.write("已在审计见证文件中写入恢复检查点：此后以恢复的数据为核对起点。")
