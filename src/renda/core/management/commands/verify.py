"""`renda verify FILE [--sig FILE.sig]` — check an SM2-signed document: prints 有效 (exit 0) or 无效 (exit 1).

FILE may be the zip downloaded with `?signed=1` (file + FILE.sig inside); otherwise the signature is FILE.sig
next to it, or --sig. --public-key adds a trusted signer (a key file or hex) besides the platform's own."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from renda.core import signing


class Command(BaseCommand):
    help = "校验 SM2 签名：renda verify 文件 [--sig 文件.sig]，输出“有效”（退出码 0）或“无效”（退出码 1）。"
    # An operations command (cron, restore in an incident): no URL or model system checks on every run (about
    # 1.2 s of importing the whole URLconf); `renda check --deploy` runs them at deployment.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="要校验的文件，或带签名的压缩包（下载时 ?signed=1）")
        parser.add_argument("--sig", default=None, help="签名文件，默认为 文件.sig")
        parser.add_argument("--public-key", action="append", default=[], help="另外信任的签名公钥（文件或十六进制）")

    def handle(self, *args, file, sig, public_key, **opts):
        ok, message = self._check(Path(file), Path(sig) if sig else None, public_key)
        if ok:
            self.stdout.write(self.style.SUCCESS(f"有效：{message}"))
            return
        self.stdout.write(f"无效：{message}")
        sys.exit(1)

    def _check(self, path: Path, sig_path: Path | None, extra: list[str]) -> tuple[bool, str]:
        try:
            data = path.read_bytes()
        except OSError as exc:
            return False, f"无法读取文件 {path}（{exc.strerror}）"
        try:
            trusted = signing.trusted_public_keys()
            for item in extra:
                trusted.add(
                    signing.parse_public_key(item) if signing.HEX128.match(item.strip()) else signing.load_keypair(item).public
                )
        except signing.SigningError as exc:
            return False, str(exc)
        if sig_path is None and signing.is_bundle(data):
            name, data, sig_bytes = signing.read_bundle(data)
            label = f"{path.name} 中的 {name}"
        else:
            sig_path = sig_path or path.with_name(path.name + ".sig")
            try:
                sig_bytes = sig_path.read_bytes()
            except OSError:
                return False, f"找不到签名文件 {sig_path}（可用 --sig 指定）"
            label = path.name
        verdict = signing.verify_bytes(data, sig_bytes, trusted=trusted)
        return verdict.valid, f"{label}：{verdict.reason}"
