"""`renda check --deploy --fail-level WARNING` is clean under production settings, and the development
defaults (http on 127.0.0.1) stay as they were."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RENDA = Path(sys.executable).parent / "renda"


def clean_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RENDA_", "DJANGO_"))}
    env.update({"RENDA_VAR_DIR": str(tmp_path), "RENDA_DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"})
    env.update(extra)
    return env


PRODUCTION = {
    "RENDA_SECRET_KEY": secrets.token_urlsafe(50),
    "RENDA_ALLOWED_HOSTS": "renda.example.gov.cn",
    "RENDA_CSRF_TRUSTED_ORIGINS": "https://renda.example.gov.cn",
    "RENDA_SECURE_COOKIES": "1",
    "RENDA_BEHIND_TLS_PROXY": "1",
    "RENDA_FIELD_KEYS": "k1:" + secrets.token_urlsafe(32),
    "RENDA_AUDIT_KEY": secrets.token_urlsafe(32),
}


def run(args, env, timeout=240):
    return subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)


def test_check_deploy_is_clean_in_production(tmp_path):
    proc = run([str(RENDA), "check", "--deploy", "--fail-level", "WARNING"], clean_env(tmp_path, **PRODUCTION))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


def test_check_deploy_complains_without_tls_settings(tmp_path):
    env = clean_env(tmp_path, RENDA_SECRET_KEY=PRODUCTION["RENDA_SECRET_KEY"], RENDA_ALLOWED_HOSTS="renda.example.gov.cn")
    proc = run([str(RENDA), "check", "--deploy", "--fail-level", "WARNING"], env)
    assert proc.returncode != 0
    assert "security.W008" in proc.stderr and "security.W004" in proc.stderr


SHOW = (
    "import json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'renda.settings');"
    "from django.conf import settings as s;"
    "print(json.dumps({k: getattr(s, k) for k in ('DEBUG', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS',"
    "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'RENDA_FIELD_CIPHER',"
    "'RENDA_AUDIT_HASH', 'CONTENT_SECURITY_POLICY', 'MIDDLEWARE')}, default=str))"
)


def settings_under(tmp_path, **env):
    proc = run([sys.executable, "-c", SHOW], clean_env(tmp_path, **env))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_production_values(tmp_path):
    s = settings_under(tmp_path, **PRODUCTION)
    assert s["SECURE_SSL_REDIRECT"] and s["SECURE_HSTS_SECONDS"] == 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["RENDA_FIELD_CIPHER"] == "sm4hm1" and s["RENDA_AUDIT_HASH"] == "sm3"
    assert "csp.middleware.CSPMiddleware" in s["MIDDLEWARE"]


@pytest.mark.parametrize("mode", ["RENDA_DEBUG", "RENDA_TESTING"])
def test_development_defaults_still_serve_plain_http(tmp_path, mode):
    s = settings_under(tmp_path, **{mode: "1"})
    assert not s["SECURE_SSL_REDIRECT"] and s["SECURE_HSTS_SECONDS"] == 0
    assert not s["SESSION_COOKIE_SECURE"] and not s["CSRF_COOKIE_SECURE"]


# ---- upload checks (docs/SECURITY.md "Web hardening": every upload path checks type by content and size) ----


@pytest.mark.django_db
def test_the_proposals_spreadsheet_import_checks_content_and_size(cast):
    import io
    import zipfile

    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from renda.proposals import services

    def attempt(data, name="x.xlsx"):
        with pytest.raises(ValidationError) as exc:
            services.import_xlsx(actor=cast.clerk, fileobj=SimpleUploadedFile(name, data), year=2026)
        return " ".join(exc.value.messages)

    assert "按文件内容识别" in attempt(b"%PDF-1.7 not a workbook")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    assert "不是 Excel 工作簿" in attempt(buf.getvalue())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<x/>")
        zf.writestr("xl/big.xml", b"\0" * (services.XLSX_MAX_UNPACKED + 1))
    assert "解压后过大" in attempt(bomb.getvalue())
    assert "文件过大" in attempt(b"PK\x03\x04" + b"\0" * services.XLSX_MAX_BYTES)
