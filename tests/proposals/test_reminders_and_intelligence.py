"""Reminders are sent once per deadline (email + in-app); similar items and likely units are shown."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from tests.proposals.factories import assigned

from renda.core.models import OutboxMessage
from renda.proposals import intelligence, services
from renda.proposals.models import Reminder

pytestmark = pytest.mark.django_db
D = dt.date


def test_reminders_are_safe_to_run_twice(cast, django_capture_on_commit_callbacks):
    cast.unit_user.email = "shuiwu@example.cn"
    cast.unit_user.save()
    assigned(cast, on=D(2026, 3, 2))  # reply due 2 June 2026
    assert services.send_reminders(today=D(2026, 5, 1)) == 0  # more than 10 days ahead
    assert services.send_reminders(today=D(2026, 5, 25)) == 1
    assert services.send_reminders(today=D(2026, 5, 26)) == 0  # same deadline: already reminded
    with django_capture_on_commit_callbacks(execute=True):
        call_command("proposals_remind", "--date", "2026-06-10")
        call_command("proposals_remind", "--date", "2026-06-10")
    assert list(Reminder.objects.values_list("kind", flat=True).order_by("id")) == ["due_soon", "overdue"]
    assert len(mail.outbox) == 1 and "已逾期" in mail.outbox[0].subject  # the overdue one, sent once
    assert OutboxMessage.objects.filter(key__startswith="proposal-reminder:").count() == 2


def test_similar_items_and_likely_units(cast, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    intelligence.forget()
    for i in range(6):
        assigned(cast, title=f"关于治理河道黑臭水体的建议{i}", content=f"建议加快河道清淤和污水管网截污，改善黑臭水体水质{i}。")
        assigned(cast, title=f"关于增加中小学学位的建议{i}", lead="市教育局",
                 content=f"建议新建改扩建中小学校，增加学位供给，缓解入学难{i}。")
    p = services.proposal_submit(actor=cast.clerk, title="关于治理河道黑臭水体的建议",
                                 content="建议加快河道清淤和污水管网截污，改善黑臭水体水质。",
                                 lead_deputy=cast.city.deputies[0], received_on=D(2026, 3, 3))  # the same year's items
    similar = intelligence.similar(p)
    assert similar and "河道" in similar[0][0].title and similar[0][1] > 0.5
    assert intelligence.likely_duplicates(p)
    units = intelligence.likely_units(p)
    assert units[0][0].name == "市水务局"
    assert (tmp_path / "proposals" / f"router-{cast.congress.pk}").is_dir()
    client = Client()
    client.force_login(cast.clerk)
    page = client.get(f"/proposals/{p.pk}/").content.decode()
    assert "相似的代表建议" in page and "推荐承办单位" in page
    intelligence.forget()


def test_calendar_events_and_seed_generator(cast):
    p = assigned(cast, on=D(2026, 3, 2))
    from renda.proposals import selectors

    events = selectors.calendar_events(cast.unit_user, D(2026, 6, 1), D(2026, 6, 30))
    assert [e.start for e in events] == [p.reply_due]
    assert selectors.calendar_events(cast.other_unit_user, D(2026, 6, 1), D(2026, 6, 30)) == []


def test_seed_generator_bulk_inserts(cast):
    import dataclasses

    from renda.core.seeding import SCALES, SeedContext
    from renda.proposals import seed, stats
    from renda.proposals.models import Proposal

    scale = dataclasses.replace(SCALES["city"], suggestions=60, plan_years=2)
    out = seed.generate(SeedContext(scale=scale, main=cast.city))
    assert out["suggestions"] == 60
    qs = Proposal.objects.filter(congress=cast.congress)
    assert qs.count() == 60
    assert stats.figures(qs)["合计"]["assigned"] > 0
