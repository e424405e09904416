"""我的会议材料 and private notes: who reads the materials of a meeting (its members, its 列席 attendees, the office),
who reads a note (its author only — not the office, not the administrator), and what the audit trail keeps."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core import attachments
from renda.core.audit import AuditEvent
from renda.core.models import User
from renda.meetings import services as msvc
from renda.voting import services
from renda.voting.models import MaterialNote

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET_TEXT = "第三条的罚款幅度过高，会上要问"


@pytest.fixture
def materials(session):
    c = session
    c.att = attachments.attach(actor=c.clerk, obj=c.items[0],
                               upload=SimpleUploadedFile("水环境治理决定草案.pdf", PDF, "application/pdf"))
    return c


def test_member_lists_reads_and_downloads_the_materials(materials, client):
    c = materials
    client.force_login(c.member)
    page = client.get("/voting/materials/").content.decode()
    assert c.meeting.title in page and "水环境治理决定草案.pdf" in page and f"/voting/materials/{c.att.pk}/" in page
    assert f"/voting/materials/{c.att.pk}/file/" in page  # pushed to the device (the service worker's list)
    reader = client.get(f"/voting/materials/{c.att.pk}/")
    assert reader.status_code == 200 and "在浏览器中阅读" in reader.content.decode()
    f = client.get(f"/voting/materials/{c.att.pk}/file/")
    assert f.status_code == 200 and b"".join(f.streaming_content) == PDF
    assert f["Content-Disposition"].startswith("attachment")
    inline = client.get(f"/voting/materials/{c.att.pk}/file/?inline=1")
    assert inline["Content-Disposition"].startswith("inline") and inline["Content-Type"] == "application/pdf"
    worker = client.get("/voting/materials/sw.js")
    assert worker.status_code == 200 and f"renda-deputy-materials-{c.member.pk}" in worker.content.decode()


def test_office_sees_the_materials_and_a_nonvoting_deputy_only_when_attending(materials, client):
    c = materials
    client.force_login(c.clerk)
    assert client.get(f"/voting/materials/{c.att.pk}/").status_code == 200
    client.force_login(c.deputy)
    assert "水环境治理决定草案.pdf" not in client.get("/voting/materials/").content.decode()
    assert client.get(f"/voting/materials/{c.att.pk}/").status_code == 404
    assert client.get(f"/voting/materials/{c.att.pk}/file/").status_code == 404
    msvc.attendance_add_nonvoting(actor=c.clerk, meeting=c.meeting, person=c.deputy.person)
    assert "水环境治理决定草案.pdf" in client.get("/voting/materials/").content.decode()
    assert client.get(f"/voting/materials/{c.att.pk}/file/").status_code == 200


@pytest.mark.parametrize("who", ["unit_user", "committee", "outsider_clerk"])
def test_non_attendees_get_404(materials, client, who):
    c = materials
    client.force_login(getattr(c, who))
    assert "水环境治理决定草案.pdf" not in client.get("/voting/materials/").content.decode()
    for url in (f"/voting/materials/{c.att.pk}/", f"/voting/materials/{c.att.pk}/file/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/voting/materials/{c.att.pk}/", {"text": "x"}).status_code == 404
    assert not MaterialNote.objects.exists()


def test_anonymous_is_sent_to_sign_in(materials, client):
    r = client.get(f"/voting/materials/{materials.att.pk}/")
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_a_note_is_read_by_its_author_only(materials, client):
    c = materials
    client.force_login(c.member)
    r = client.post(f"/voting/materials/{c.att.pk}/", {"position": "第3页", "text": SECRET_TEXT})
    assert r.status_code == 302
    note = MaterialNote.objects.get()
    assert client.get(f"/voting/materials/{c.att.pk}/").content.decode().count(SECRET_TEXT) == 1
    # another member, the leader, the office and the administrator read the material but not the note
    for other in (c.leader, c.clerk, c.admin, User.objects.exclude(pk=c.member.pk).filter(role="member").first()):
        if other is None:
            continue
        client.force_login(other)
        page = client.get(f"/voting/materials/{c.att.pk}/")
        assert SECRET_TEXT not in page.content.decode(), other
        assert client.post(f"/voting/materials/notes/{note.pk}/delete/").status_code == 404
    assert MaterialNote.objects.filter(pk=note.pk).exists()
    # encrypted at rest: the column holds no plaintext
    from django.db import connection
    with connection.cursor() as cur:
        cur.execute("SELECT text FROM voting_materialnote WHERE id = %s", [note.pk])
        raw = cur.fetchone()[0]
    assert SECRET_TEXT not in raw and raw
    # the audit trail says a note was written, never what it says
    events = AuditEvent.objects.filter(object_type="voting.materialnote")
    assert events.exists() and all(SECRET_TEXT not in f"{e.changes}{e.note}{e.object_repr}" for e in events)
    # the author deletes it
    client.force_login(c.member)
    assert client.post(f"/voting/materials/notes/{note.pk}/delete/").status_code == 302
    assert not MaterialNote.objects.exists()


def test_bad_note_input_is_a_chinese_400(materials, client):
    c = materials
    client.force_login(c.member)
    r = client.post(f"/voting/materials/{c.att.pk}/", {"text": "   "})
    assert r.status_code == 400 and "批注" in r.content.decode()
    r = client.post(f"/voting/materials/{c.att.pk}/", {"text": "长" * 5001})
    assert r.status_code == 400


def test_service_refuses_a_note_on_a_material_the_author_may_not_read(materials):
    from django.http import Http404
    c = materials
    with pytest.raises(Http404):
        services.note_add(actor=c.unit_user, attachment_pk=c.att.pk, text="x")


def test_materials_page_costs_a_fixed_number_of_queries(materials, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = materials
    client.force_login(c.member)

    def queries():
        client.get("/voting/materials/")  # the session and the user are loaded once before counting
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/voting/materials/").status_code == 200
        return len(ctx.captured_queries)

    one_file = queries()
    for item in c.items[1:]:
        for n in range(3):
            attachments.attach(actor=c.clerk, obj=item,
                               upload=SimpleUploadedFile(f"附件{n}.pdf", PDF + bytes([n]), "application/pdf"))
    assert queries() == one_file
