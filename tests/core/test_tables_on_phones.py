"""Every list on a page is a styled table, and a table that turns into cards on a phone (`table cards`, for deputies,
units and citizens on phones) labels every cell, so a card reads "状态：已办结" rather than a bare value."""

import re
from pathlib import Path

import renda

TEMPLATES = sorted(Path(renda.__file__).parent.glob("*/templates/**/*.html"))
GRIDS = {"cal", "month"}  # calendars: grids of days, not lists


def tables():
    for path in TEMPLATES:
        html = path.read_text(encoding="utf-8")
        for m in re.finditer(r"<table\b([^>]*)>(.*?)</table>", html, re.S):
            classes = set((re.search(r'class="([^"]*)"', m.group(1)) or ["", ""])[1].split())
            yield path.relative_to(path.parents[2]), classes, m.group(2)


def test_templates_are_found():
    assert len(TEMPLATES) > 200 and sum(1 for _ in tables()) > 80


def test_every_table_is_styled():
    bare = [str(p) for p, classes, _ in tables() if not classes & ({"table"} | GRIDS)]
    assert bare == []


def test_every_cell_of_a_card_table_is_labelled():
    unlabelled = []
    for path, classes, body in tables():
        if "cards" in classes:
            unlabelled += [f"{path}: {td[:60]}" for td in re.findall(r"<td\b[^>]*>", body)
                           if "data-label=" not in td and "colspan=" not in td]
    assert unlabelled == []
