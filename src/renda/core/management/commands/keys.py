"""`renda keys rotate` — re-encrypt every EncryptedTextField under the current field key;
`renda keys status` — how many values each key id / cipher holds; `renda keys sm2-generate FILE` — a new SM2
signing key pair for RENDA_SIGNING_KEY_FILE."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from renda.core import audit, crypto, signing


def _raw_rows(model, field, after_pk, batch: int, lock: bool):
    """(pk, raw column value) of the next batch, bypassing the field's decryption."""
    qn = connection.ops.quote_name
    table, pk_col, col = qn(model._meta.db_table), qn(model._meta.pk.column), qn(field.column)
    sql = f"SELECT {pk_col}, {col} FROM {table} WHERE {pk_col} > %s ORDER BY {pk_col} LIMIT %s"  # noqa: S608
    if lock and connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cur:
        cur.execute(sql, [after_pk, batch])
        return cur.fetchall()


def _write(model, field, pk, old: str, new: str) -> int:
    """Compare-and-set: a value changed by someone else meanwhile is left alone (and counted)."""
    qn = connection.ops.quote_name
    table, pk_col, col = qn(model._meta.db_table), qn(model._meta.pk.column), qn(field.column)
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET {col} = %s WHERE {pk_col} = %s AND {col} = %s", [new, pk, old])  # noqa: S608
        return cur.rowcount


def rotate(*, batch_size: int = 500, models: list[str] | None = None, dry_run: bool = False, out=None) -> dict:
    """Re-encrypt every value not written by the current cipher under the current key. Each batch is one
    transaction; values already current are skipped, so an interrupted run resumes where it stopped."""
    kid, _ = crypto.current_key()
    scheme = crypto.current_scheme()
    totals: Counter = Counter()
    per_column: dict[str, Counter] = {}
    for model, field in crypto.encrypted_fields():
        label = f"{model._meta.label_lower}.{field.name}"
        if models and model._meta.label_lower not in models and label not in models:
            continue
        counts: Counter = Counter()
        after = 0 if model._meta.pk.get_internal_type() in {"AutoField", "BigAutoField", "IntegerField"} else ""
        while True:
            with transaction.atomic():
                rows = _raw_rows(model, field, after, batch_size, lock=not dry_run)
                if not rows:
                    break
                for pk, raw in rows:
                    counts["seen"] += 1
                    if not raw:
                        counts["empty"] += 1
                    elif crypto.is_current(raw):
                        counts["current"] += 1
                    elif not crypto.is_encrypted(raw):  # plaintext or garbage in an encrypted column: reported, untouched
                        counts["failed"] += 1
                    else:
                        try:
                            plain = crypto.decrypt(raw, context=field.context)
                        except crypto.DecryptionError:
                            counts["failed"] += 1
                            continue
                        new = crypto.encrypt(plain, context=field.context)
                        if dry_run or _write(model, field, pk, raw, new):
                            counts["rotated"] += 1
                        else:
                            counts["changed_meanwhile"] += 1
                after = rows[-1][0]
            if out:
                out(f"  {label}：已处理 {counts['seen']} 条")
        per_column[label] = counts
        totals.update(counts)
    if not dry_run and totals["rotated"]:
        audit.record(
            actor=None,
            action="keys_rotate",
            note=(
                f"字段密钥轮换：当前密钥 {kid}（{scheme}），重新加密 {totals['rotated']} 个值，"
                f"已是当前密钥 {totals['current']}，无法解密 {totals['failed']}"
            ),
        )
    return {"kid": kid, "scheme": scheme, "columns": per_column, "totals": totals}


def status() -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for model, field in crypto.encrypted_fields():
        counts: Counter = Counter()
        qn = connection.ops.quote_name
        with connection.cursor() as cur:
            cur.execute(f"SELECT {qn(field.column)} FROM {qn(model._meta.db_table)}")  # noqa: S608
            for (raw,) in cur.fetchall():
                if not raw:
                    counts["（空）"] += 1
                    continue
                try:
                    scheme, kid, _ = crypto.parse_token(raw)
                except ValueError:
                    counts["（未加密）"] += 1
                    continue
                counts[f"{scheme}/{kid or '（无密钥编号）'}"] += 1
        out[f"{model._meta.label_lower}.{field.name}"] = counts
    return out


class Command(BaseCommand):
    help = "密钥管理：rotate 用当前字段密钥重新加密全部个人信息字段；status 统计各密钥的使用；sm2-generate 生成 SM2 签名密钥。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        r = sub.add_parser("rotate", help="用当前密钥（RENDA_FIELD_KEYS 的第一个）重新加密全部加密字段")
        r.add_argument("--batch-size", type=int, default=500, help="每批处理的行数（每批一个事务），默认 500")
        r.add_argument("--model", action="append", default=[], help="只处理某个模型或字段，如 deputies.deputy")
        r.add_argument("--dry-run", action="store_true", help="只统计，不写入")
        sub.add_parser("status", help="统计每个加密字段中各算法与密钥编号的值的数量")
        g = sub.add_parser("sm2-generate", help="生成 SM2 签名密钥对，写入文件（供 RENDA_SIGNING_KEY_FILE 使用）")
        g.add_argument("path", help="密钥文件路径（不能已存在）")
        g.add_argument("--signer", default="", help="签名者名称，如 XX市人大常委会办公厅")

    def handle(self, *args, action, **opts):
        try:
            if action == "rotate":
                return self._rotate(opts)
            if action == "status":
                for label, counts in status().items():
                    parts = "，".join(f"{k} {v}" for k, v in sorted(counts.items())) or "无数据"
                    self.stdout.write(f"{label}：{parts}")
                return
            if action == "sm2-generate":
                return self._generate(opts)
        except crypto.KeyConfigError as exc:
            raise CommandError(f"密钥配置错误：{exc}") from exc
        except signing.SigningError as exc:
            raise CommandError(str(exc)) from exc

    def _rotate(self, opts):
        if opts["batch_size"] < 1:
            raise CommandError("--batch-size 必须是正整数")
        result = rotate(
            batch_size=opts["batch_size"],
            models=[m.lower() for m in opts["model"]] or None,
            dry_run=opts["dry_run"],
            out=self.stdout.write if opts["verbosity"] > 1 else None,
        )
        self.stdout.write(f"当前密钥：{result['kid']}（{result['scheme']}）")
        for label, c in result["columns"].items():
            self.stdout.write(
                f"{label}：共 {c['seen']}，重新加密 {c['rotated']}，已是当前密钥 {c['current']}，"
                f"空 {c['empty']}，无法解密 {c['failed']}，期间被修改 {c['changed_meanwhile']}"
            )
        t = result["totals"]
        verb = "将重新加密" if opts["dry_run"] else "重新加密"
        self.stdout.write(f"合计：{verb} {t['rotated']} 个值，已是当前密钥 {t['current']}，无法解密 {t['failed']}")
        if t["failed"]:
            raise CommandError(
                f"{t['failed']} 个值无法用已配置的密钥解密，未作改动：请把旧密钥加入 RENDA_FIELD_KEYS 后重新运行。"
            )
        if t["changed_meanwhile"]:
            self.stdout.write("部分值在轮换期间被修改，请重新运行一次 keys rotate。")

    def _generate(self, opts):
        path = Path(opts["path"])
        if path.exists():
            raise CommandError(f"文件已存在，不会覆盖：{path}")
        key = signing.generate_keypair(signer=opts["signer"] or signing.default_signer())
        try:
            signing.write_keypair(path, key)
        except OSError as exc:
            raise CommandError(f"无法写入密钥文件：{path}（{exc.strerror}）") from exc
        self.stdout.write(f"已生成 SM2 签名密钥：{path}（权限 0600）")
        self.stdout.write(f"公钥：{key.public_hex}")
        self.stdout.write(f"请设置 RENDA_SIGNING_KEY_FILE={path.resolve()}")
