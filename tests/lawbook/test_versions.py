"""Point-in-time text (rule LAW-TEXT-AT) and the 打包修改 all-or-nothing (rule LAW-PACKAGE)."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from tests.conftest import login
from tests.lawbook.conftest import WATER, D

from renda.lawbook import services
from renda.lawbook.models import EventKind, PackageStatus, RegulationStatus, RegulationVersion

pytestmark = pytest.mark.django_db

AMENDED = WATER.replace("千分之三", "千分之一")


def _amend(c):
    effective = D(2026, 3, 1)
    return services.regulation_amend(actor=c.clerk, regulation=c.water, kind=EventKind.AMENDED, date=D(2026, 1, 20),
                                     effective_on=effective, ref="关于修改《甲市供水条例》的决定", text=AMENDED)


def test_text_at_the_edges_of_taking_effect_and_of_repeal(book):
    c = book
    _amend(c)
    assert services.text_at(c.water, D(2019, 12, 31)) is None  # the day before the first 施行
    first = services.text_at(c.water, D(2020, 1, 1))
    assert first is not None and "千分之三" in first.text
    assert "千分之三" in services.text_at(c.water, D(2026, 2, 28)).text  # the day before the amendment takes effect
    assert "千分之一" in services.text_at(c.water, D(2026, 3, 1)).text  # the day it takes effect
    first.refresh_from_db()
    assert first.effective_to == D(2026, 2, 28)
    services.regulation_amend(actor=c.clerk, regulation=c.water, kind=EventKind.REPEALED, date=D(2026, 5, 20),
                              effective_on=D(2026, 6, 1), ref="关于废止《甲市供水条例》的决定")
    assert "千分之一" in services.text_at(c.water, D(2026, 5, 31)).text
    assert services.text_at(c.water, D(2026, 6, 1)) is None
    c.water.refresh_from_db()
    assert c.water.status == RegulationStatus.REPEALED


def test_a_decision_is_applied_to_the_current_text_and_a_wrong_one_is_refused(book):
    c = book
    services.regulation_amend(actor=c.clerk, regulation=c.water, kind=EventKind.AMENDED, date=D(2026, 1, 20),
                              effective_on=D(2026, 3, 1), decision="将第三条中的“千分之三”修改为“千分之一”。")
    assert "千分之一" in services.current_version(c.water).text
    with pytest.raises(ValidationError) as exc:
        services.regulation_amend(actor=c.clerk, regulation=c.water, kind=EventKind.AMENDED, date=D(2026, 4, 1),
                                  effective_on=D(2026, 5, 1), decision="将第三条中的“万分之五”修改为“千分之二”。")
    assert "无法适用" in str(exc.value)
    assert c.water.versions.count() == 2


@time_machine.travel("2026-11-26 10:00 +0800", tick=False)
def test_the_page_shows_the_text_at_a_date_and_refuses_a_bad_date_in_chinese(book):
    c = book
    _amend(c)
    client = login(c.clerk)
    before = client.get(f"/lawbook/regulations/{c.water.pk}/?date=2026-02-28").content.decode()
    after = client.get(f"/lawbook/regulations/{c.water.pk}/?date=2026-03-01").content.decode()
    assert "千分之三" in before and "千分之一" not in before
    assert "千分之一" in after and "现行有效" in after
    bad = client.get(f"/lawbook/regulations/{c.water.pk}/?date=2026-13-45")
    assert bad.status_code == 400 and "日期格式不正确" in bad.content.decode()
    compare = client.get(f"/lawbook/regulations/{c.water.pk}/compare/?from=2026-02-28&to=2026-03-01")
    assert compare.status_code == 200 and "千分之<ins>一</ins>" in compare.content.decode()
    docx = client.get(f"/lawbook/regulations/{c.water.pk}/compare/?from=2026-02-28&to=2026-03-01&format=docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    api = client.get(f"/api/v1/lawbook/regulations/{c.water.pk}/text?date=2026-02-28").json()
    assert api["in_force"] and "千分之三" in api["text"] and api["effective_to"] == "2026-02-28"


PACKAGE = """关于修改《甲市供水条例》等三件地方性法规的决定

一、《甲市供水条例》

（一）将第二条中的“城市管理行政执法部门”修改为“城市管理综合执法部门”。

二、《甲市市容条例》

（一）将第二条中的“城市管理行政执法部门”修改为“城市管理综合执法部门”。

三、《甲市物业条例》

（一）将第二条中的“{third}”修改为“城市管理综合执法部门”。

本决定自2026年12月1日起施行。"""


def _package(c, third):
    return services.package_create(actor=c.clerk, congress=c.congress, title="关于修改《甲市供水条例》等三件地方性法规的决定",
                                   decided_on=D(2026, 10, 29), effective_on=D(2026, 12, 1),
                                   text=PACKAGE.format(third=third))


def test_a_package_amendment_with_one_refused_instruction_changes_nothing(book):
    c = book
    pkg = _package(c, "城市管理行政执法机关")  # not in the third regulation's text
    pkg = services.package_apply(actor=c.clerk, package=pkg)
    assert pkg.status == PackageStatus.REFUSED
    assert RegulationVersion.objects.filter(congress=c.congress).count() == 3  # no new version anywhere
    assert not c.water.events.filter(kind=EventKind.AMENDED).exists()
    rows = {r["title"]: r for r in pkg.report}
    assert rows["甲市供水条例"]["ok"] and rows["甲市市容条例"]["ok"] and not rows["甲市物业条例"]["ok"]
    assert any(s["status"] == "error" for s in rows["甲市物业条例"]["steps"])
    page = login(c.clerk).get(f"/lawbook/packages/{pkg.pk}/").content.decode()
    assert "不能适用" in page and "无法适用" in page


def test_a_package_amendment_applies_to_all_three_and_records_their_events(book):
    c = book
    pkg = _package(c, "城市管理行政执法部门")
    client = login(c.clerk)
    stale = client.post(f"/lawbook/packages/{pkg.pk}/apply/", {"lock_version": pkg.lock_version + 5})
    assert stale.status_code == 409
    done = client.post(f"/lawbook/packages/{pkg.pk}/apply/", {"lock_version": pkg.lock_version})
    assert done.status_code == 302
    pkg.refresh_from_db()
    assert pkg.status == PackageStatus.APPLIED
    for reg in (c.water, c.cityscape, c.property):
        reg.refresh_from_db()
        assert reg.status == RegulationStatus.AMENDED
        assert reg.events.filter(kind=EventKind.AMENDED, package=pkg).count() == 1
        assert "综合执法" in services.text_at(reg, D(2026, 12, 1)).text
        assert "行政执法" in services.text_at(reg, D(2026, 11, 30)).text
