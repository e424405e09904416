"""The public pages under bad input: encodings, huge bodies, script tags, fake PDFs, floods, retries.
Never a 500, nothing stored twice or lost, Chinese messages."""

import re
from urllib.parse import quote_from_bytes

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from renda.core import rules
from renda.participation.models import Opinion, normalize_code

from .conftest import EXE, PDF, PNG, code_from_receipt, form_token, public_submit, submit_url, track_url

pytestmark = pytest.mark.django_db


def _form(client, congress):
    return form_token(client.get(submit_url(congress)).content.decode())


def test_unknown_congress_is_404():
    assert Client().get("/participation/public/no-such/submit/").status_code == 404


def test_form_is_phone_ready_and_has_honeypot_and_token(po):
    html = Client().get(submit_url(po.congress)).content.decode()
    assert 'name="viewport"' in html and 'name="website"' in html and 'name="submission_token"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and " onclick=" not in html  # no inline script
    for name in ("教育", "医疗", "就业", "住房", "社会保障", "生态环境", "交通", "安全", "其他"):
        assert f">{name}<" in html


def test_non_utf8_body_gets_a_chinese_error_and_stores_nothing(po):
    c = Client()
    token = _form(c, po.congress)
    gbk = "南湖河道发黑".encode("gbk") + b"\xff\xfe"
    body = (f"category={po.cats['教育'].pk}&place=%E5%8D%97%E6%B9%96&website=&submission_token={token}&text="
            .encode() + quote_from_bytes(gbk).encode())
    resp = c.post(submit_url(po.congress), body, content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 400
    assert "UTF-8" in resp.content.decode() and "无法识别的字符" in resp.content.decode()
    assert Opinion.objects.count() == 0
    # raw (not percent-encoded) invalid bytes too
    resp = c.post(submit_url(po.congress), b"category=1&text=\xff\xfe\xfd&submission_token=" + token.encode(),
                  content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 400 and Opinion.objects.count() == 0


def test_nul_characters_are_refused_not_a_500(po):
    resp = public_submit(Client(), po.congress, po.cats["教育"], text="学位\x00紧张")
    assert resp.status_code == 400 and Opinion.objects.count() == 0


def test_ten_megabyte_body_is_413_in_chinese(po):
    c = Client()
    token = _form(c, po.congress)
    big = "水" * (11 * 1024 * 1024 // 3)  # ~11 MB of UTF-8 in one field
    resp = c.post(submit_url(po.congress), {"category": po.cats["教育"].pk, "place": "南湖区", "text": big,
                                            "submission_token": token, "website": ""})
    assert resp.status_code == 413
    assert "提交的内容过大" in resp.content.decode()
    # a body announced bigger than the limit is refused before it is read
    resp = c.post(submit_url(po.congress), {"text": "x"}, CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert resp.status_code == 413
    assert Opinion.objects.count() == 0


def test_text_over_the_limit_is_a_rule_error(po):
    resp = public_submit(Client(), po.congress, po.cats["教育"], text="长" * 3001)
    assert resp.status_code == 400
    assert rules.get("PO-INTAKE").title in resp.content.decode() and "3000" in resp.content.decode()
    assert Opinion.objects.count() == 0


def test_script_tags_are_stored_as_text_and_shown_escaped(po):
    from renda.participation import services

    c = Client()
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    code = code_from_receipt(c, public_submit(c, po.congress, po.cats["安全"], text=payload, place="<b>南湖</b>"))
    op = Opinion.objects.get(code=normalize_code(code))
    assert op.text == payload and op.place == "<b>南湖</b>"
    html = c.post(track_url(po.congress), {"code": code}).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "<script>" not in html
    assert "<img src=x" not in html and "&lt;b&gt;南湖&lt;/b&gt;" in html
    from .conftest import login

    staff = login(po.clerk).get(f"/participation/{op.pk}/").content.decode()
    assert "<script>alert" not in staff and "&lt;script&gt;" in staff
    services.opinion_route(actor=po.clerk, opinion=op, kind="unit", target_id=po.water.pk)
    inbox = login(po.unit_user).get("/participation/").content.decode()
    assert "<script>alert" not in inbox


def test_fake_pdf_is_refused_in_chinese_and_real_files_are_accepted(po):
    c = Client()
    exe = SimpleUploadedFile("报告.pdf", EXE, content_type="application/pdf")
    resp = public_submit(c, po.congress, po.cats["医疗"], files=[exe])
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "不是 PDF" in html and "报告.pdf" in html
    assert Opinion.objects.count() == 0
    ok = public_submit(c, po.congress, po.cats["医疗"], files=[SimpleUploadedFile("a.pdf", PDF),
                                                               SimpleUploadedFile("b.png", PNG)])
    code = code_from_receipt(c, ok)
    from renda.core import attachments

    op = Opinion.objects.get(code=normalize_code(code))
    assert sorted(a.media_type for a in attachments.for_object(op)) == ["application/pdf", "image/png"]
    docx_like = SimpleUploadedFile("x.png", b"PK\x03\x04" + b"\x00" * 40)
    assert public_submit(c, po.congress, po.cats["医疗"], files=[docx_like]).status_code == 400
    too_many = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(4)]
    resp = public_submit(c, po.congress, po.cats["医疗"], files=too_many)
    assert resp.status_code == 400 and "附件不得超过 3 个" in resp.content.decode()
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (5 * 1024 * 1024 + 1))
    resp = public_submit(c, po.congress, po.cats["医疗"], files=[big])
    assert resp.status_code == 400 and "超过 5 MB" in resp.content.decode()
    assert Opinion.objects.count() == 1


def test_a_flood_from_one_address_gets_429(po):
    c = Client()
    statuses = [public_submit(c, po.congress, po.cats["交通"], text=f"第{i}条意见").status_code for i in range(12)]
    assert statuses[:10] == [303] * 10
    assert statuses[10:] == [429, 429]
    resp = c.post(submit_url(po.congress), {"text": "x"})
    assert resp.status_code == 429 and resp["Retry-After"]
    assert "提交过于频繁" in resp.content.decode() and rules.get("PO-INTAKE").title in resp.content.decode()
    assert Opinion.objects.count() == 10
    # another address is not limited
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert public_submit(other, po.congress, po.cats["交通"]).status_code == 303


def test_rate_limit_is_a_rule_parameter(po):
    from renda.core.models import RuleParameter

    RuleParameter.objects.create(congress=po.congress, rule_id="PO-INTAKE", name="per_hour", value=2)
    c = Client()
    assert [public_submit(c, po.congress, po.cats["交通"]).status_code for _ in range(3)] == [303, 303, 429]


def test_a_retried_post_stores_once_and_gives_the_same_code(po):
    c = Client()
    token = _form(c, po.congress)
    first = public_submit(c, po.congress, po.cats["住房"], token=token)
    again = public_submit(c, po.congress, po.cats["住房"], token=token, text="网络重发的同一表单")
    assert Opinion.objects.count() == 1
    assert code_from_receipt(c, first) == code_from_receipt(c, again)
    # from another browser too (the receipt cookie is per browser; the token is what matters)
    other = Client(REMOTE_ADDR="10.1.1.1")
    assert code_from_receipt(other, public_submit(other, po.congress, po.cats["住房"], token=token)) == \
        code_from_receipt(c, first)
    assert Opinion.objects.count() == 1


def test_honeypot_forged_token_and_csrf(po):
    c = Client()
    assert public_submit(c, po.congress, po.cats["住房"], website="http://spam.example").status_code == 400
    resp = public_submit(c, po.congress, po.cats["住房"], token="forged:token")
    assert resp.status_code == 400 and "提交凭证无效" in resp.content.decode()
    strict = Client(enforce_csrf_checks=True)
    token = _form(strict, po.congress)
    resp = strict.post(submit_url(po.congress), {"category": po.cats["住房"].pk, "place": "南湖区", "text": "x",
                                                 "submission_token": token})
    assert resp.status_code == 403
    assert Opinion.objects.count() == 0


def test_form_errors_keep_the_input_and_are_chinese(po):
    c = Client()
    token = _form(c, po.congress)
    resp = c.post(submit_url(po.congress), {"category": "", "place": "", "text": "", "email": "not-an-email",
                                            "submission_token": token})
    html = resp.content.decode()
    assert resp.status_code == 400
    assert "请选择类别" in html and "请填写地点" in html and "请填写意见内容" in html and "有效的电子邮箱" in html
    # the same token still works once the form is corrected (nothing was stored)
    assert public_submit(c, po.congress, po.cats["住房"], token=token).status_code == 303


def test_tracking_page_handles_wrong_and_odd_codes(po):
    c = Client()
    resp = c.post(track_url(po.congress), {"code": "ABCD-EFGH-JKMN"})
    assert resp.status_code == 404 and "没有找到该查询码" in resp.content.decode()
    resp = c.post(track_url(po.congress), b"code=\xff\xfe%00", content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 400 and "NUL" in resp.content.decode()  # refused at the door, never a 500
    assert c.get(track_url(po.congress)).status_code == 200
    # a code of another congress is not found here
    from renda.participation import services

    op, _ = services.opinion_submit(congress=po.other.congress, category=po.other.congress.category_set.first(),
                                    place="乙市", text="乙市的意见。")
    assert c.post(track_url(po.congress), {"code": op.code}).status_code == 404
    assert c.post(track_url(po.other.congress), {"code": op.code}).status_code == 200


def test_receipt_page_without_cookie_goes_to_tracking(po):
    resp = Client().get(f"/participation/public/{po.congress.code}/received/")
    assert resp.status_code == 302 and resp["Location"].endswith("/track/")
