#!/usr/bin/env python3
"""`make prod-check`: bring the production stack up on this machine from the checkout, check it, tear it down.

Everything is private and temporary: a PostgreSQL cluster of its own (initdb into a temporary folder, a
free port, trust authentication on loopback), a Redis of its own, `renda migrate` and `collectstatic`,
gunicorn with deploy/gunicorn.conf.py on a loopback port, the task worker (`renda db_worker`), nginx with
deploy/nginx/renda.conf (the same file a server uses; only the lines marked ADAPT are swapped for
temporary paths, ports and a self-signed certificate), and the demo city. Then, through nginx over TLS:

- /healthz and /readyz; the cache is shared by the workers (Redis: no redis-server is a failure, never a silent
  fallback to a per-process cache, which would multiply the public forms' rate limits by the number of workers);
- a static file served by nginx itself (not Django); HTTP redirects to HTTPS;
- a sign-in and a page; a public page; the Chinese 50x page when gunicorn is gone is not tested here
  (bench/bench_faults.py does the outages);
- a background task round trip through the worker; JSON logs with the request id;
- `renda check --deploy` under the production environment; a backup and its verification.

Exit status 0 when every check passed, 1 otherwise. The stack is always torn down (`--keep` leaves the
temporary folder for a post-mortem). bench/bench_load.py and bench/bench_faults.py reuse `Stack`.

Run as root (CI does): nginx is installed with apt-get when missing, and PostgreSQL runs as the
`postgres` system user (initdb refuses root). As another user it runs everything as that user.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
VENV_BIN = ROOT / ".venv" / "bin"
DEMO_USER, DEMO_PASSWORD = "daibiao", "renda-demo-2026"  # a deputy: no second factor needed for the check
DEMO_CODE = "xx-city"


def log(msg: str) -> None:
    print(f"[prod-check {time.strftime('%H:%M:%S')}] {msg}", flush=True)


_GIVEN_PORTS: set[int] = set()


def free_port() -> int:
    """A port free on loopback now, and never one this process was given before: the ports are chosen up front and
    taken later (PostgreSQL, Redis, gunicorn, nginx), and the kernel may offer a just-closed port again."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _GIVEN_PORTS:
            _GIVEN_PORTS.add(port)
            return port


def pg_bin(name: str) -> str:
    base = Path("/usr/lib/postgresql")
    if base.is_dir():
        for v in sorted((p for p in base.iterdir() if p.name.isdigit()), key=lambda p: int(p.name), reverse=True):
            if (v / "bin" / name).exists():
                return str(v / "bin" / name)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"找不到 PostgreSQL 的 {name}（/usr/lib/postgresql/*/bin）")
    return found


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes, cookies: list[str]):
        self.status = status
        self.headers = headers
        self.body = body
        self.set_cookies = cookies

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class Browser:
    """A tiny HTTPS client with cookies and CSRF, one keep-alive connection (not thread-safe: one per thread)."""

    def __init__(self, host: str, port: int, context: ssl.SSLContext | None, client_ip: str | None = None,
                 timeout: float = 30):
        self.host, self.port, self.context, self.timeout = host, port, context, timeout
        self.cookies: dict[str, str] = {}
        self.client_ip = client_ip
        self.conn: http.client.HTTPConnection | None = None
        self.scheme = "https" if context else "http"

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def _connect(self):
        if self.context:
            return http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=self.timeout)
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def close(self) -> None:
        if self.conn:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None,
                files: dict | None = None) -> Response:
        hdrs = {"Accept-Language": "zh-CN", "User-Agent": "renda-prod-check"}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.client_ip:
            hdrs["X-Forwarded-For"] = self.client_ip  # the check plays the load balancer in front of nginx
        body = None
        if files:
            boundary = secrets.token_hex(12)
            parts = []
            for k, v in (data or {}).items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
            for k, (filename, content, ctype) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{filename}"\r\n'
                             f"Content-Type: {ctype}\r\n\r\n".encode() + content + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            hdrs["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        if method == "POST":
            hdrs["Origin"] = self.origin
            hdrs["Referer"] = self.origin + path
        hdrs.update(headers or {})
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = self._connect()
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                resp = self.conn.getresponse()
                payload = resp.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()  # a keep-alive connection the server closed: retry once on a new one
                if attempt == 2:
                    raise
        cookies = resp.headers.get_all("Set-Cookie") or []
        for c in cookies:
            name, _, rest = c.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in c.lower() or "expires=thu, 01 jan 1970" in c.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        if resp.getheader("Connection", "").lower() == "close":
            self.close()
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, payload, cookies)

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, data: dict, **kw) -> Response:
        return self.request("POST", path, data=data, **kw)

    @staticmethod
    def csrf_from(html: str) -> str:
        m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not m:
            raise AssertionError("页面中没有 CSRF 令牌")
        return m.group(1)

    def login(self, username: str, password: str) -> Response:
        page = self.get("/login/")
        token = self.csrf_from(page.text)
        return self.post("/login/", {"csrfmiddlewaretoken": token, "username": username, "password": password,
                                     "next": "/"})


class Stack:
    """The production stack on loopback ports in a temporary folder."""

    def __init__(self, workdir: Path | None = None, keep: bool = False, gunicorn_workers: int = 2,
                 gunicorn_threads: int = 4, quiet: bool = False):
        self.root = Path(workdir or tempfile.mkdtemp(prefix="renda-prod-"))
        self.keep = keep
        self.quiet = quiet
        self.is_root = os.geteuid() == 0
        self.procs: dict[str, subprocess.Popen] = {}
        self.pg_port, self.redis_port = free_port(), free_port()
        self.app_port, self.https_port, self.http_port = free_port(), free_port(), free_port()
        self.gunicorn_workers, self.gunicorn_threads = gunicorn_workers, gunicorn_threads
        self.pgdata = self.root / "pg"
        self.var = self.root / "var"
        self.logs = self.root / "logs"
        self.nginx_dir = self.root / "nginx"
        self.tls = self.root / "tls"
        self.db_url = f"postgres://postgres@127.0.0.1:{self.pg_port}/renda?connect_timeout=3"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("RENDA_", "DJANGO_"))},
            "RENDA_DATABASE_URL": self.db_url,
            "RENDA_REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "RENDA_SECRET_KEY": secrets.token_urlsafe(48),
            "RENDA_FIELD_KEY": secrets.token_urlsafe(32),
            "RENDA_AUDIT_KEY": secrets.token_urlsafe(32),
            "RENDA_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "RENDA_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{self.https_port}",
            "RENDA_VAR_DIR": str(self.var),
            "RENDA_MEDIA_ROOT": str(self.var / "media"),
            "RENDA_STATIC_ROOT": str(self.var / "staticfiles"),
            "RENDA_BEHIND_TLS_PROXY": "1",
            "RENDA_TRUSTED_PROXIES": "127.0.0.1",
            "RENDA_SECURE_COOKIES": "1",
            "RENDA_SSL_REDIRECT": "1",
            "RENDA_HSTS_SECONDS": "31536000",
            "RENDA_LOG_FORMAT": "json",
            "RENDA_GUNICORN_BIND": f"127.0.0.1:{self.app_port}",
            "RENDA_GUNICORN_WORKERS": str(gunicorn_workers),
            "RENDA_GUNICORN_THREADS": str(gunicorn_threads),
            "RENDA_GUNICORN_TIMEOUT": "30",
            "RENDA_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "RENDA_TASK_STUCK_SECONDS": "600",
            "PYTHONUNBUFFERED": "1",
        }
        self.context = None

    # ---- helpers ------------------------------------------------------------------------------------------
    def say(self, msg: str) -> None:
        if not self.quiet:
            log(msg)

    def renda(self, *args: str, check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(VENV_BIN / "renda"), *args], env=self.env, cwd=ROOT, capture_output=True,
                              text=True, timeout=timeout, check=False)
        if check and proc.returncode != 0:
            raise RuntimeError(f"renda {' '.join(args)} 失败（{proc.returncode}）：\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
        return proc

    def _as_postgres(self, cmd: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *cmd] if self.is_root else cmd

    def _spawn(self, name: str, cmd: list[str], env: dict | None = None) -> subprocess.Popen:
        out = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (kept open for the process's lifetime)
        proc = subprocess.Popen(cmd, env=env or self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.procs[name] = proc
        return proc

    def _wait_port(self, port: int, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                return
            for name, p in self.procs.items():
                if p.poll() is not None:
                    raise RuntimeError(f"{name} 已退出（{p.returncode}），见 {self.logs / (name + '.log')}")
            time.sleep(0.2)
        raise RuntimeError(f"{what} 在 {timeout:.0f} 秒内没有监听端口 {port}")

    def browser(self, client_ip: str | None = None, timeout: float = 30) -> Browser:
        return Browser("127.0.0.1", self.https_port, self.context, client_ip=client_ip, timeout=timeout)

    # ---- bring-up -----------------------------------------------------------------------------------------
    def up(self, demo: bool = True) -> Stack:
        for d in (self.var, self.logs, self.nginx_dir, self.tls):
            d.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)
        self.start_postgres()
        self.start_redis()
        self.say("迁移数据库、收集静态文件")
        self.renda("migrate", "--noinput", "-v0")
        self.renda("collectstatic", "--noinput", "-v0")
        if demo:
            self.say("载入演示城市（renda demo）")
            self.renda("demo")
        self.start_gunicorn()
        self.start_worker()
        self.start_nginx()
        return self

    def start_postgres(self) -> None:
        self.say(f"启动私有 PostgreSQL（端口 {self.pg_port}）")
        self.pgdata.mkdir()
        sock = self.root / "pgsock"
        sock.mkdir()
        if self.is_root:
            shutil.chown(self.pgdata, "postgres", "postgres")
            shutil.chown(sock, "postgres", "postgres")
        subprocess.run(self._as_postgres([pg_bin("initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust",
                                          "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                       check=True, capture_output=True)
        self.pg_opts = f"-p {self.pg_port} -k {sock} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self.pg_ctl("start")
        subprocess.run(self._as_postgres([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port),
                                          "-U", "postgres", "renda"]), check=True, capture_output=True)

    def pg_ctl(self, action: str, mode: str = "fast") -> None:
        cmd = [pg_bin("pg_ctl"), "-D", str(self.pgdata), "-w", "-t", "60", "-l", str(self.pgdata / "server.log")]
        if action in ("start", "restart"):
            cmd += ["-o", self.pg_opts]
        if action in ("stop", "restart"):
            cmd += ["-m", mode]
        subprocess.run(self._as_postgres([*cmd, action]), check=True, capture_output=True)

    def start_redis(self) -> None:
        exe = shutil.which("redis-server")
        if not exe:
            # No fallback to the per-process cache: with several gunicorn workers each would count the public
            # forms' rate limits alone (N workers, N times the limit), and /readyz answers 503 on it in production.
            raise RuntimeError("没有 redis-server（apt-get install redis-server）：生产环境的限流计数必须在进程间共享，"
                               "不能退回进程内缓存")
        self._spawn("redis", [exe, "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", str(self.root)])
        self._wait_port(self.redis_port, "redis")

    def start_gunicorn(self) -> None:
        self.say(f"启动 gunicorn（127.0.0.1:{self.app_port}，{self.gunicorn_workers} 进程 × {self.gunicorn_threads} 线程）")
        self._spawn("gunicorn", [str(VENV_BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"),
                                 "renda.wsgi:application"])
        self._wait_port(self.app_port, "gunicorn")

    def start_worker(self) -> None:
        self.say("启动后台任务进程（renda db_worker）")
        self._spawn("worker", [str(VENV_BIN / "renda"), "db_worker", "--no-reload", "--interval", "0.5",
                               "--no-startup-delay", "--queue-name", "default"])

    def make_certificate(self) -> None:
        key, crt = self.tls / "renda.key", self.tls / "renda.crt"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-keyout", str(key), "-out", str(crt)], check=True, capture_output=True)
        self.context = ssl.create_default_context(cafile=str(crt))

    def site_config(self) -> str:
        """deploy/nginx/renda.conf with every ADAPT line swapped for this stack; fails if one is missing."""
        site = (DEPLOY / "nginx" / "renda.conf").read_text(encoding="utf-8")
        swaps = [
            ("server unix:/run/renda/gunicorn.sock fail_timeout=0;", f"server 127.0.0.1:{self.app_port} fail_timeout=0;"),
            ("listen 80;", f"listen 127.0.0.1:{self.http_port};"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_port} ssl http2;"),
            ("/etc/renda/tls/renda.crt", str(self.tls / "renda.crt")),
            ("/etc/renda/tls/renda.key", str(self.tls / "renda.key")),
            ("/var/log/nginx/renda-access.log", str(self.logs / "nginx-access.log")),
            ("/var/log/nginx/renda-error.log", str(self.logs / "nginx-error.log")),
            ("alias /srv/renda/var/staticfiles/;", f"alias {self.var / 'staticfiles'}/;"),
            ("/etc/nginx/proxy_params_renda", str(DEPLOY / "nginx" / "proxy_params_renda")),
            ("root /srv/renda/deploy/nginx;", f"root {DEPLOY / 'nginx'};"),
            # The check plays the load balancer in front of nginx (bench clients send X-Forwarded-For).
            ("    # The real client address.", "    set_real_ip_from 127.0.0.1;\n    real_ip_header X-Forwarded-For;\n"
                                               "    # The real client address."),
        ]
        for old, new in swaps:
            if old not in site:
                raise RuntimeError(f"deploy/nginx/renda.conf 中找不到「{old}」：配置文件与 prod_check 不一致")
            site = site.replace(old, new)
        return site

    def start_nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            if not self.is_root:
                raise RuntimeError("没有安装 nginx（需要 root 执行 apt-get install nginx）")
            self.say("安装 nginx（apt-get install nginx）")
            subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True, capture_output=True,
                           env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
            nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.make_certificate()
        (self.nginx_dir / "renda.conf").write_text(self.site_config(), encoding="utf-8")
        tmp = self.nginx_dir / "tmp"
        tmp.mkdir(exist_ok=True)
        conf = self.nginx_dir / "nginx.conf"
        conf.write_text(f"""{'user root;' if self.is_root else ''}
worker_processes 2;
pid {self.nginx_dir / 'nginx.pid'};
error_log {self.logs / 'nginx-main-error.log'} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {tmp / 'body'};
    proxy_temp_path {tmp / 'proxy'};
    fastcgi_temp_path {tmp / 'fastcgi'};
    uwsgi_temp_path {tmp / 'uwsgi'};
    scgi_temp_path {tmp / 'scgi'};
    access_log off;
    include {self.nginx_dir / 'renda.conf'};
}}
""", encoding="utf-8")
        test = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(self.nginx_dir)], capture_output=True, text=True,
                              check=False)
        if test.returncode != 0:
            raise RuntimeError(f"nginx 配置有误：{test.stderr}")
        self.say(f"启动 nginx（https://127.0.0.1:{self.https_port}，http 端口 {self.http_port}）")
        self._spawn("nginx", [nginx, "-c", str(conf), "-p", str(self.nginx_dir), "-g", "daemon off;"])
        self._wait_port(self.https_port, "nginx")

    def sql(self, query: str, params: list | None = None) -> list[tuple]:
        """A query on the stack's database from outside the application (counts, task states)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.pg_port, user="postgres", dbname="renda",
                             connect_timeout=5, autocommit=True) as conn:
            return conn.execute(query, params or []).fetchall()

    # ---- faults (bench_faults) ----------------------------------------------------------------------------
    def restart_postgres(self, down_seconds: float = 0.0) -> None:
        self.pg_ctl("stop", mode="fast")
        time.sleep(down_seconds)
        self.pg_ctl("start")

    # ---- teardown -----------------------------------------------------------------------------------------
    def down(self) -> None:
        for name in ("nginx", "gunicorn", "worker", "redis"):
            proc = self.procs.get(name)
            if proc is None or proc.poll() is not None:
                continue
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM if name != "nginx" else signal.SIGQUIT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if (self.pgdata / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self.pg_ctl("stop", mode="fast")
        if self.keep:
            log(f"保留临时目录：{self.root}")
        else:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc) -> None:
        self.down()


# ---- the checks -------------------------------------------------------------------------------------------
class Checks:
    def __init__(self, stack: Stack):
        self.stack = stack
        self.results: list[tuple[str, bool, str]] = []

    def run(self, name: str, fn) -> None:
        try:
            detail = fn() or ""
            self.results.append((name, True, detail))
            log(f"通过  {name} {detail}")
        except Exception as exc:
            self.results.append((name, False, f"{type(exc).__name__}: {exc}"))
            log(f"失败  {name}：{type(exc).__name__}: {exc}")

    @property
    def ok(self) -> bool:
        return bool(self.results) and all(ok for _, ok, _ in self.results)


PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")


def shared_cache_backend(backend: str) -> bool:
    """Whether the cache is shared by all workers (the rate limits of the public forms count in it)."""
    return backend not in PER_PROCESS_CACHES


def expect(cond: bool, message: str) -> None:
    if not cond:
        raise AssertionError(message)


def run_checks(stack: Stack) -> Checks:
    checks = Checks(stack)
    b = stack.browser()

    def http_redirects():
        conn = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=10)
        conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
        r = conn.getresponse()
        r.read()
        expect(r.status == 301 and r.getheader("Location", "").startswith("https://"), f"HTTP 应重定向到 HTTPS：{r.status}")

    def healthz():
        r = b.get("/healthz")
        expect(r.status == 200 and r.json() == {"status": "ok"}, f"/healthz：{r.status} {r.text[:200]}")
        expect(bool(r.headers.get("x-request-id")), "响应缺少 X-Request-ID")
        return f"X-Request-ID={r.headers['x-request-id']}"

    def readyz():
        r = b.get("/readyz")
        expect(r.status == 200 and r.json()["status"] == "ok", f"/readyz：{r.status} {r.text[:500]}")
        return "，".join(f"{k}:{'正常' if v['ok'] else '异常'}" for k, v in r.json()["checks"].items())

    def shared_cache():
        out = stack.renda("shell", "--no-imports", "-c", "from django.conf import settings; "
                          "print('CACHE', settings.CACHES['default']['BACKEND'])").stdout
        backend = re.search(r"CACHE (\S+)", out).group(1)
        expect(shared_cache_backend(backend), f"缓存 {backend} 是进程内缓存：各 gunicorn 进程的限流计数互不相通"
                                              "（须配置 RENDA_REDIS_URL）")
        return backend

    def static_by_nginx():
        r = b.get("/static/vendor/htmx/htmx.min.js")
        expect(r.status == 200 and len(r.body) > 10_000, f"静态文件：{r.status}")
        expect(r.headers.get("server", "").startswith("nginx"), "静态文件不是 nginx 返回的")
        expect("x-request-id" not in r.headers, "静态文件经过了 Django（应由 nginx 直接提供）")
        expect("max-age=" in r.headers.get("cache-control", ""), "静态文件缺少缓存头")
        return f"{len(r.body)} 字节，nginx 直接提供"

    def media_not_public():
        r = b.get("/media/attachments/x.pdf")
        expect(r.status == 404, f"/media/ 不应直接可访问：{r.status}")

    def login_and_page():
        r = b.login(DEMO_USER, DEMO_PASSWORD)
        expect(r.status == 302 and r.headers.get("location") in ("/", f"https://127.0.0.1:{stack.https_port}/"),
               f"登录：{r.status} {r.headers.get('location')} {r.text[:300]}")
        expect(any("Secure" in c and "HttpOnly" in c for c in r.set_cookies if c.startswith("sessionid")),
               "会话 Cookie 缺少 Secure/HttpOnly")
        home = b.get("/")
        expect(home.status == 200 and "退出" in home.text, f"首页：{home.status}")
        page = b.get("/rules/")
        expect(page.status == 200 and "规则" in page.text, f"规则页：{page.status}")
        expect("strict-transport-security" in page.headers, "缺少 HSTS 头")
        return f"{DEMO_USER} 登录，首页与规则页正常"

    def public_page():
        anon = stack.browser()
        r = anon.get(f"/supervision/public/{DEMO_CODE}/")
        expect(r.status == 200, f"公开页面：{r.status}")
        r = anon.get(f"/supervision/public/{DEMO_CODE}/review/")
        expect(r.status == 200 and "csrfmiddlewaretoken" in r.text, f"公开表单：{r.status}")
        return "监督公开页与审查建议表单正常"

    def task_round_trip():
        out = stack.renda("shell", "--no-imports", "-c", "from renda.meetings.tasks import send_due_notices; "
                          "print('TASK', send_due_notices.enqueue().id)").stdout
        task_id = re.search(r"TASK (\S+)", out).group(1)
        deadline = time.monotonic() + 90
        status = ""
        while time.monotonic() < deadline:
            rows = stack.sql("SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", [task_id])
            status = rows[0][0] if rows else ""
            if status in ("SUCCESSFUL", "FAILED"):
                break
            time.sleep(0.5)
        expect(status == "SUCCESSFUL", f"后台任务 {task_id} 状态为 {status}")
        return f"任务 {task_id[:8]}… 由后台任务进程完成"

    def json_logs():
        lines = (stack.logs / "gunicorn.log").read_text(encoding="utf-8", errors="replace").splitlines()
        records = []
        for line in lines:
            with contextlib.suppress(ValueError):
                rec = json.loads(line)
                if isinstance(rec, dict) and rec.get("logger") == "renda.request":
                    records.append(rec)
        expect(records, "gunicorn 日志中没有 JSON 格式的请求记录")
        rec = records[-1]
        for key in ("timestamp", "level", "request_id", "user_id", "method", "path", "status", "duration_ms"):
            expect(key in rec, f"JSON 日志缺少字段 {key}")
        nginx_ids = {json.loads(x)["request_id"]
                     for x in (stack.logs / "nginx-access.log").read_text(encoding="utf-8").splitlines() if x.strip()}
        expect(any(r["request_id"] in nginx_ids for r in records), "应用日志与 nginx 日志的请求编号对不上")
        return f"{len(records)} 条请求记录，请求编号与 nginx 访问日志一致"

    def check_deploy():
        # Errors fail the check; warnings are listed (the hardening settings are web hardening's to close).
        r = stack.renda("check", "--deploy", "--fail-level", "ERROR", check=False)
        expect(r.returncode == 0, f"renda check --deploy：{(r.stdout + r.stderr)[-1500:]}")
        warnings = sorted(set(re.findall(r"\(([a-z_]+\.W\d+)\)", r.stdout + r.stderr)))
        return f"无错误；警告：{'、'.join(warnings) if warnings else '无'}"

    def backup():
        archive = stack.var / "backups" / "prod-check.tar.gz"
        key = stack.root / "sm2-signing.key"  # the manifest is signed (SM2): production needs a key file
        if not key.exists():
            stack.renda("keys", "sm2-generate", str(key))
        stack.env["RENDA_SIGNING_KEY_FILE"] = str(key)
        stack.renda("backup", str(archive))
        r = stack.renda("restore", str(archive), "--verify-only")
        expect("归档校验通过" in r.stdout, r.stdout)
        return f"{archive.stat().st_size / 1024 / 1024:.1f} MB，校验通过"

    checks.run("HTTP 重定向到 HTTPS", http_redirects)
    checks.run("/healthz（经 nginx）", healthz)
    checks.run("/readyz（经 nginx）", readyz)
    checks.run("共享缓存（限流计数在进程间共享）", shared_cache)
    checks.run("静态文件由 nginx 提供", static_by_nginx)
    checks.run("上传文件目录不直接公开", media_not_public)
    checks.run("登录与页面", login_and_page)
    checks.run("公众页面", public_page)
    checks.run("后台任务往返", task_round_trip)
    checks.run("结构化 JSON 日志", json_logs)
    checks.run("renda check --deploy", check_deploy)
    checks.run("备份与校验", backup)
    b.close()
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="在本机启动完整的生产环境并检查，然后全部关闭。")
    parser.add_argument("--keep", action="store_true", help="保留临时目录（日志、配置）以便排查")
    args = parser.parse_args(argv)
    started = time.monotonic()
    stack = Stack(keep=args.keep)
    ok = False
    try:
        stack.up()
        checks = run_checks(stack)
        ok = checks.ok
    except Exception as exc:
        log(f"启动失败：{type(exc).__name__}: {exc}")
        for name in ("gunicorn", "worker", "nginx"):
            path = stack.logs / f"{name}.log"
            if path.exists():
                log(f"--- {name}.log（末尾）---\n" + path.read_text(errors="replace")[-2000:])
    finally:
        stack.down()
    log(f"{'全部通过' if ok else '未通过'}，用时 {time.monotonic() - started:.0f} 秒")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
