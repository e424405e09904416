"""The navigation highlights the area the page belongs to, by the longest matching address."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _current(client, url):
    html = client.get(url).content.decode()
    marker = 'aria-current="page">'
    return html.split(marker, 1)[1].split("<", 1)[0] if marker in html else None


@pytest.mark.parametrize(("url_name", "label"), [
    ("workplan:index", "工作要点"),
    ("deputies:index", "代表工作"),
    ("deputies:training", "自身建设"),
    ("deputies:exchanges", "对外交流"),
    ("deputies:calendar", "统筹日程"),
    ("meetings:index", "决定任免"),
])
def test_the_area_of_the_page_is_current(client, cast, url_name, label):
    client.force_login(cast.clerk)
    assert _current(client, reverse(url_name)) == label


def test_home_is_current_on_the_home_page(client, cast):
    client.force_login(cast.clerk)
    assert _current(client, reverse("home")) == "首页"
