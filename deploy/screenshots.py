"""Screenshots of each demo role's home page (and the public portal) on a desktop and a phone: `make screenshots`.

Loads the demo city into a fresh embedded SQLite database in a temporary folder (relative to today, like
`make demo`), serves it on a free loopback port, signs in as each demo account in Debian's chromium (Playwright,
never `playwright install`) and writes docs/screenshots/<account>-desktop.png and -phone.png (1280×900 and
390×844, the first screen of the page). The README links them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("RENDA_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    from playwright.sync_api import sync_playwright

    renda = str(ROOT / ".venv" / "bin" / "renda")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "RENDA_DEBUG": "1", "RENDA_VAR_DIR": tmp,
               "RENDA_DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
               "RENDA_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        subprocess.run([renda, "migrate", "--noinput", "-v0"], env=env, check=True)
        subprocess.run([renda, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        sys.path.insert(0, str(ROOT / "src"))
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
        import django

        django.setup()
        from renda.demo.city import COUNTY_ACCOUNTS, DEMO_ACCOUNTS, DEMO_PASSWORD

        port = free_port()
        server = subprocess.Popen([renda, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            OUT.mkdir(parents=True, exist_ok=True)
            accounts = [a[0] for a in DEMO_ACCOUNTS + COUNTY_ACCOUNTS]
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                for name, viewport in VIEWPORTS.items():
                    ctx = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=name == "phone",
                                              has_touch=name == "phone")
                    page = ctx.new_page()
                    page.goto(f"{base}/public/xx-city/")
                    page.screenshot(path=str(OUT / f"portal-{name}.png"))
                    ctx.close()
                    for username in accounts:
                        ctx = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=name == "phone",
                                                  has_touch=name == "phone")
                        page = ctx.new_page()
                        page.goto(f"{base}/login/")
                        page.get_by_label("用户名").fill(username)
                        page.get_by_label("密码").fill(DEMO_PASSWORD)
                        page.get_by_role("button", name="登录").click()
                        page.wait_for_load_state("networkidle")
                        page.screenshot(path=str(OUT / f"{username}-{name}.png"))
                        print(f"{username}-{name}.png")
                        ctx.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
