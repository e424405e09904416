"""Cost of the commercial cryptography: field encryption per value, audit appends per second, SM2 signing.

    .venv/bin/python bench/bench_crypto.py [--values 2000] [--appends 400]

All figures from this one run, on this machine, with each alternative measured side by side:
- encrypt/decrypt of one personal-data value (an 18-character ID number): AES-256-GCM (the former default),
  SM4-CTR + HMAC-SM3 through OpenSSL (`cryptography`), and the same through gmssl (pure Python fallback);
- audit.record() appends per second into a fresh SQLite database: HMAC-SHA256 vs HMAC-SM3 (OpenSSL, gmssl);
- SM2 sign and verify of a 40 KB official document (.docx) with its detached .sig.
Prints ratios against the former default (AES-GCM, HMAC-SHA256).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TMP = Path(tempfile.mkdtemp(prefix="bench-crypto-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
os.environ.setdefault("RENDA_TESTING", "1")
os.environ.setdefault("RENDA_LOG_LEVEL", "ERROR")
os.environ["RENDA_DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"


def per_call_us(fn, n: int) -> float:
    """Median of 5 rounds of n calls, microseconds per call."""
    rounds = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        rounds.append((time.perf_counter() - t0) / n * 1e6)
    return statistics.median(rounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--values", type=int, default=2000)
    parser.add_argument("--appends", type=int, default=400)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    from renda.core import audit, crypto, signing
    from renda.core.documents import OfficialDocument

    call_command("migrate", verbosity=0)
    value, ctx = "11010119900307777X", "deputies.deputy.id_number"

    print("== field encryption, one value (µs per call, median of 5 rounds)")
    rows = []
    for label, scheme, backend, n in (
        ("AES-256-GCM (former default)", "aesgcm1", "openssl", args.values),
        ("SM4-CTR+HMAC-SM3, OpenSSL", "sm4hm1", "openssl", args.values),
        ("SM4-CTR+HMAC-SM3, gmssl", "sm4hm1", "gmssl", max(args.values // 10, 20)),
    ):
        os.environ["RENDA_FIELD_CIPHER"], os.environ["RENDA_SM_BACKEND"] = scheme, backend
        crypto._derive_sm3.cache_clear()
        token = crypto.encrypt(value, context=ctx)
        enc = per_call_us(lambda: crypto.encrypt(value, context=ctx), n)
        dec = per_call_us(lambda: crypto.decrypt(token, context=ctx), n)  # noqa: B023
        rows.append((label, enc, dec))
    base_enc, base_dec = rows[0][1], rows[0][2]
    for label, enc, dec in rows:
        print(f"  {label:32s} encrypt {enc:9.1f} µs ({enc / base_enc:5.1f}×)   decrypt {dec:9.1f} µs "
              f"({dec / base_dec:5.1f}×)   a 50-row page with 2 such fields: {100 * dec / 1000:6.1f} ms")

    print("== audit appends (audit.record in its own transaction, fresh SQLite)")
    results = []
    for label, algo, backend in (
        ("HMAC-SHA256 (former)", "sha256", "openssl"),
        ("HMAC-SM3, OpenSSL", "sm3", "openssl"),
        ("HMAC-SM3, gmssl", "sm3", "gmssl"),
    ):
        os.environ["RENDA_AUDIT_HASH"], os.environ["RENDA_SM_BACKEND"] = algo, backend
        chain = 1000 + len(results)
        n = args.appends if backend == "openssl" else max(args.appends // 4, 20)
        t0 = time.perf_counter()
        for i in range(n):
            audit.record(actor=None, action="bench", congress_id=chain, note=f"记录 {i}" * 20)
        rate = n / (time.perf_counter() - t0)
        # the MAC alone, on one stored record
        from renda.core.models import AuditEvent

        ev = AuditEvent.objects.filter(chain=chain).last()
        mac_us = per_call_us(lambda: audit.compute_hash(ev), 200 if backend == "openssl" else 20)  # noqa: B023
        results.append((label, rate, mac_us))
    base = results[0][1]
    for label, rate, mac_us in results:
        print(f"  {label:24s} {rate:8.0f} appends/s ({rate / base:4.2f}× of SHA-256)   MAC of one record {mac_us:8.1f} µs")
    os.environ["RENDA_SM_BACKEND"] = "openssl"
    t0 = time.perf_counter()
    findings = audit.verify()
    count = AuditEvent.objects.count()
    print(f"  verify of the mixed chains ({count} records): {time.perf_counter() - t0:.2f} s, findings: {len(findings)}")

    print("== SM2 signature of an official document")
    od = OfficialDocument(title="关于公布监督工作计划的通知", issuer="XX市人大常委会", doc_number="X人常发〔2026〕1号")
    for i in range(120):
        od.paragraph(f"第{i + 1}项：" + "依法开展监督工作，" * 12)
    data = od.to_bytes()
    key = signing.generate_keypair(signer="XX市人大常委会办公厅")
    sig = signing.sign_bytes(data, filename="notice.docx", key=key)
    sign_ms = per_call_us(lambda: signing.sign_bytes(data, filename="notice.docx", key=key), 5) / 1000
    trusted = {key.public}
    verify_ms = per_call_us(lambda: signing.verify_bytes(data, sig, trusted=trusted), 5) / 1000
    print(f"  document {len(data) / 1024:.0f} KB: sign {sign_ms:.1f} ms, verify {verify_ms:.1f} ms "
          f"(SM3 of the file by OpenSSL, SM2 point arithmetic by gmssl)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
