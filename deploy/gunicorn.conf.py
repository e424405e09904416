"""gunicorn settings for renda (used by deploy/systemd/renda-web.service and `make prod-check`).

    gunicorn -c deploy/gunicorn.conf.py renda.wsgi:application

Every value can be overridden from the environment file (/etc/renda/renda.env), so the unit file and this
file never need editing on a server.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


# nginx talks to gunicorn over a Unix socket (or loopback): gunicorn is never reachable from the network,
# which is what makes trusting nginx's X-Forwarded-Proto / X-Real-IP safe.
bind = os.environ.get("RENDA_GUNICORN_BIND", "unix:/run/renda/gunicorn.sock")
workers = _int("RENDA_GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9))
threads = _int("RENDA_GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"
# A request that takes longer than this is killed and logged (the worker restarts): nothing hangs forever,
# not even while PostgreSQL restarts (RENDA_DATABASE_URL should carry ?connect_timeout=5).
timeout = _int("RENDA_GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("RENDA_GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Recycle workers now and then (bounded memory growth), with jitter so they do not all restart together.
max_requests = _int("RENDA_GUNICORN_MAX_REQUESTS", 2000)
# The application is loaded once in the master and each worker is forked from it: a worker recycled by max_requests
# (or killed) is answering again in milliseconds instead of the seconds an import of Django and every app takes —
# during a live vote, a recycled worker no longer holds its queued requests for the length of a start-up. Database,
# cache and queue connections are opened lazily in the worker that uses them, never in the master. New code needs a
# restart (systemctl restart renda-web), not a HUP.
preload_app = os.environ.get("RENDA_GUNICORN_PRELOAD", "1") != "0"
max_requests_jitter = max_requests // 10
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
forwarded_allow_ips = os.environ.get("RENDA_TRUSTED_PROXIES", "127.0.0.1")
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (heartbeat files, not data)
proc_name = "renda"
# Django writes one structured record per request (renda.request logger, JSON with RENDA_LOG_FORMAT=json):
# gunicorn's own access log would duplicate it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("RENDA_GUNICORN_LOG_LEVEL", "info")
capture_output = False
