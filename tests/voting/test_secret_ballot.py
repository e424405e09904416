"""Secret ballots: the database cannot link a voter to a choice; each voter's receipt verifies against the published
list of counted ballots."""

import pytest
from django.db import connection, models

from renda.core.models import AuditEvent, Person, User
from renda.meetings.models import Ballot as MeetingBallot
from renda.meetings.models import Vote
from renda.voting import selectors, services
from renda.voting.models import SecretBallot, VoterMark

pytestmark = pytest.mark.django_db


def test_no_column_links_a_voter_to_a_ballot():
    ballot_fields = {f.name: f for f in SecretBallot._meta.get_fields()}
    mark_fields = {f.name: f for f in VoterMark._meta.get_fields()}
    # the ballot: a random key, its vote, the choice, the receipt's hash — nothing about who or when
    assert set(ballot_fields) == {"id", "congress", "live_vote", "choice", "receipt_hash"}
    assert isinstance(ballot_fields["id"], models.UUIDField)
    assert not [f for f in ballot_fields.values() if isinstance(f, models.DateTimeField | models.DateField)]
    assert not [f for f in ballot_fields.values() if f.is_relation and f.related_model in (Person, User, VoterMark)]
    # the mark: who voted, never which ballot; its key is random too and it has no time
    assert not [f for f in mark_fields.values() if f.is_relation and f.related_model is SecretBallot]
    assert not [f for f in mark_fields.values() if isinstance(f, models.DateTimeField | models.DateField)]
    assert isinstance(mark_fields["id"], models.UUIDField)
    assert SecretBallot._meta.ordering == ["live_vote", "receipt_hash"]


def test_secret_vote_receipts_verify_and_nothing_links(session, client):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0], secret=True)
    order = ["no", "yes", "yes", "yes", "yes", "yes", "yes"]
    receipts = [services.cast(actor=u, live=live, choice=ch) for u, ch in zip(c.voters[1:], order, strict=True)]
    assert len(set(receipts)) == 7 and all(len(r) == 19 for r in receipts)
    assert set(VoterMark.objects.filter(live_vote=live).values_list("choice", flat=True)) == {""}
    live = services.live_transition(actor=c.clerk, live=live, action="close")
    assert live.passed is True and live.counts == {"yes": 6, "no": 1, "abstain": 0, "not_voted": 1}
    vote = Vote.objects.get(pk=live.result_id)
    assert (vote.yes, vote.no, vote.abstain, vote.not_voted, vote.total_members) == (6, 1, 0, 1, 11)
    assert not MeetingBallot.objects.filter(vote=vote).exists()  # meetings gets the figures, no name
    # after the close the stored order is the hashes' order, not the order of voting (the first voter said 反对)
    with connection.cursor() as cur:
        cur.execute("SELECT receipt_hash FROM voting_secretballot WHERE live_vote_id = %s", [live.pk])
        stored = [r[0] for r in cur.fetchall()]
    assert stored == sorted(stored)
    # no audit record of this vote carries a choice next to a person
    for e in AuditEvent.objects.filter(object_type="voting.livevote", object_id=str(live.pk)):
        text = str(e.changes) + str(e.note)
        assert "'choice'" not in text and "反对" not in text, text
    # each voter checks the published list with their receipt
    published = selectors.published_ballots(live)
    assert len(published) == 7
    client.force_login(c.member)
    url = f"/voting/{live.pk}/receipts/"
    mine = receipts[c.voters[1:].index(c.member)]
    r = client.get(url, {"code": mine.lower().replace("-", " ")})  # typed from a phone: case and spaces forgiven
    assert "已计入" in r.content.decode()
    r = client.get(url, {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert "未找到" in r.content.decode()
    # the page lists hashes only: no choice, no name
    page = client.get(url).content.decode()
    assert services.receipt_hash(mine) in page and c.member.person.name not in page


def test_appointment_items_are_always_secret(session):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[2], secret=False)
    assert live.secret
    assert services.cast(actor=c.member, live=live, choice="yes")


def test_open_ballot_page_shows_the_receipt_once(session, client):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0], secret=True)
    client.force_login(c.member)
    r = client.post(f"/voting/{live.pk}/ballot/", {"choice": "yes"})
    page = r.content.decode()
    assert 'id="receipt"' in page
    code = page.split('id="receipt">')[1].split("<")[0]
    assert SecretBallot.objects.filter(receipt_hash=services.receipt_hash(code)).exists()
    assert 'id="receipt"' not in client.get(f"/voting/{live.pk}/ballot/").content.decode()
