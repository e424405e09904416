"""The voting system's CSV: each bad row reported with its line; a malformed file records nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from renda.core.models import AuditEvent, Person
from renda.meetings import services as svc
from renda.meetings.models import Ballot

from .conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_vote(world):
    c = world
    sign_in(c, c.meeting, c.people[:9])
    att = svc.attendance_request_leave(actor=c.clerk, meeting=c.meeting, person=c.people[10], reason="出差")
    svc.attendance_decide_leave(actor=c.leader, attendance=att, approve=True)
    svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
    guest = Person.objects.create(congress=c.congress, name="孙副市长")
    svc.attendance_add_nonvoting(actor=c.clerk, meeting=c.meeting, person=guest)
    c.vote = svc.vote_open(actor=c.clerk, item=c.dec_item)
    return c


def test_each_bad_row_is_reported_and_nothing_is_recorded(open_vote):
    c = open_vote
    p = c.people
    csv = "\n".join([
        "序号,姓名,表决结果",
        f"1,{p[0].name},赞成",
        "2,查无此人,赞成",                      # unknown
        f"3,{p[0].name},反对",                  # duplicate of line 2
        f"4,{p[1].name},举手",                  # not a choice
        f"5,{p[10].name},赞成",                 # on leave: not present
        "6,孙副市长,赞成",                      # 列席: no vote
        f"7,{p[2].name}",                       # a column missing
        "8,,赞成",                              # no name
        f"9,{p[3].name},弃权",
    ]).encode("utf-8")
    before = AuditEvent.objects.count()
    report = svc.ballots_import(actor=c.clerk, vote=c.vote, data=csv, filename="bad.csv")
    assert not report.ok and report.rows == 9
    lines = {e.line: e.message for e in report.errors}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 9]
    assert "查无此人" in lines[3] and "不是本次会议的常委会组成人员" in lines[3]
    assert "重复" in lines[4] and "第 2 行" in lines[4]
    assert "举手" in lines[5] and "无法识别" in lines[5]
    assert "未签到出席" in lines[6]
    assert "列席" in lines[7]
    assert "应有 3 列" in lines[8]
    assert "姓名为空" in lines[9]
    assert str(report.errors[0]).startswith("第 3 行：")
    assert not Ballot.objects.filter(vote=c.vote).exists()
    assert AuditEvent.objects.count() == before  # nothing happened
    # the corrected file goes in, all of it
    good = "\n".join(["姓名,表决结果"] + [f"{x.name},赞成" for x in p[:8]] + [f"{p[8].name},未按表决器"])
    report = svc.ballots_import(actor=c.clerk, vote=c.vote, data=good.encode("gb18030"), filename="good.csv")
    assert report.ok and report.counts == {"yes": 8, "no": 0, "abstain": 0, "not_voted": 1}
    assert Ballot.objects.filter(vote=c.vote).count() == 9


@pytest.mark.parametrize("data, message", [
    (b"", "文件是空的"),
    (b"\xff\xfe\x00\x00garbage\x00", "无法识别文件编码"),
    ("编号,结果\n1,赞成\n".encode(), "表头缺少「姓名"),
    ("姓名,表决结果\n".encode(), "没有表决数据"),
    ('姓名,表决结果\n"未闭合的引号,赞成\n'.encode(), "格式错误"),
])
def test_malformed_files_record_nothing(open_vote, data, message):
    c = open_vote
    report = svc.ballots_import(actor=c.clerk, vote=c.vote, data=data)
    assert not report.ok and message in " ".join(e.message for e in report.errors)
    assert not Ballot.objects.filter(vote=c.vote).exists()


def test_namesakes_are_told_apart_by_person_number(open_vote):
    c = open_vote
    twin = c.people[4]
    Person.objects.filter(pk=c.people[5].pk).update(name=twin.name)
    csv = f"姓名,表决结果\n{twin.name},赞成\n".encode()
    report = svc.ballots_import(actor=c.clerk, vote=c.vote, data=csv)
    assert not report.ok and "同名" in report.errors[0].message
    csv = f"姓名,人员编号,表决结果\n{twin.name},{twin.pk},赞成\n{twin.name},{c.people[5].pk},反对\n".encode()
    report = svc.ballots_import(actor=c.clerk, vote=c.vote, data=csv)
    assert report.ok and report.choices == {twin.pk: "yes", c.people[5].pk: "no"}


def test_the_api_answers_422_with_the_rule_and_every_row(open_vote):
    c = open_vote
    client = Client()
    client.force_login(c.clerk)
    upload = SimpleUploadedFile("v.csv", f"姓名,表决结果\n无名氏,赞成\n{c.people[0].name},好\n".encode(),
                                content_type="text/csv")
    resp = client.post(f"/api/v1/meetings/votes/{c.vote.pk}/import", {"file": upload})
    assert resp.status_code == 422
    body = resp.json()
    assert body["rule"] == "MTG-VOTE-IMPORT" and body["recorded"] == 0 and "全国人大常委会议事规则" in body["basis"]
    assert [e["line"] for e in body["errors"]] == [2, 3]
    upload = SimpleUploadedFile("v.csv", f"姓名,表决结果\n{c.people[0].name},赞成\n".encode(), content_type="text/csv")
    resp = client.post(f"/api/v1/meetings/votes/{c.vote.pk}/import", {"file": upload})
    assert resp.status_code == 200 and resp.json()["recorded"] == 1
    vote = client.get(f"/api/v1/meetings/votes/{c.vote.pk}").json()
    assert vote["ballots"] == [{"person_id": c.people[0].pk, "name": c.people[0].name, "choice": "yes"}]
    # a unit may not import
    unit = Client()
    unit.force_login(c.unit_user)
    assert unit.post(f"/api/v1/meetings/votes/{c.vote.pk}/import", {"file": upload}).status_code in (403, 404)
    assert json.loads(json.dumps(body))  # plain JSON
