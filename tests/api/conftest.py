"""The API fuzzing world: the demo city loaded once for the module, and bearer tokens of two users."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings
from tests.world_cache import load_demo

# Who calls the API while it is fuzzed (renda/demo/city.py DEMO_ACCOUNTS).
FUZZ_USERS = {"unit": "shuiwuju", "office": "bangongting"}


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.core import signals
    from django.db import close_old_connections

    from renda.core.models import User
    from renda.core.tokens import token_create

    media = tmp_path_factory.mktemp("fuzz-media")
    # Schemathesis calls the real WSGI handler, whose request_finished signal would close the database connection
    # (and with it the module's transaction) on PostgreSQL; Django's test client disconnects it the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            tokens = {}
            for key, username in FUZZ_USERS.items():
                user = User.objects.get(username=username)
                tokens[key] = token_create(actor=user, user=user, name="接口模糊测试")[1]
            yield {"tokens": tokens, "media": media}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
