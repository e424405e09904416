"""The shell every page shares: the phone menu, the deputy's bottom bar with 提建议, print styles."""

import re

import pytest
from tests.conftest import login

pytestmark = pytest.mark.django_db




def test_a_deputy_has_the_bottom_bar_and_every_link_in_it_opens(cast):
    client = login(cast.deputy)
    html = client.get("/").content.decode()
    bar = html[html.index('class="bottomnav"'):]
    bar = bar[:bar.index("</nav>")]
    links = re.findall(r'href="([^"]+)"', bar)
    assert "提建议" in bar and len(links) == 5
    for url in links:
        assert client.get(url).status_code == 200, url


def test_staff_have_the_folding_menu_not_the_bottom_bar(cast):
    html = login(cast.clerk).get("/").content.decode()
    assert 'class="menu-toggle"' in html and 'aria-controls="mainnav-list"' in html
    assert 'class="bottomnav"' not in html
