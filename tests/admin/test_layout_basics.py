"""Layout basics of the back office: a favicon served from the project, one menu for the jurisdictions' pages
and one for administration (so the menu bar keeps to one row at 1280 px in Chinese)."""
from __future__ import annotations

import re

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import text


def test_the_favicon_is_served(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.mimetype == "image/vnd.microsoft.icon"
    assert r.data[:4] == b"\x00\x00\x01\x00"                      # an ICO file


def test_jurisdiction_pages_share_one_menu_named_by_place_and_page(app, client, official):
    official("superuser", None)
    page = text(client.get("/admin/?lang=zh_CN"))
    nav = page[page.index("navbar-nav mr-auto"):page.index("navbar-right")]
    links = re.findall(r'class="(?:dropdown-toggle )?nav-link[^"]*"[^>]*>(.*?)</a>', nav, re.S)
    top = [" ".join(re.sub(r"<[^>]+>", " ", x).split()) for x in links]
    assert "地方页面" in top and "管理" in top
    assert not {"广州市", "湖南省", "广东省"} & set(top)            # no menu per jurisdiction
    assert "广州市黄埔区（广州开发区） · 平台登记" in nav
    assert len(top) <= 7, top
