"""Fixtures for the text-mining tests (pure Python: no database, no Django).

Data are generated with fixed seeds and kept small so the whole directory runs
in well under a minute; the large volumes live in bench/bench_textmining.py.
"""

import pytest

from renda.textmining.synth import generate_comments, generate_suggestions


@pytest.fixture(scope="session")
def small_suggestions():
    return generate_suggestions(1200, seed=11)


@pytest.fixture(scope="session")
def campaign_comments():
    """3,000 comments with 3 planted campaigns."""
    return generate_comments(3000, seed=5, campaigns=3)


@pytest.fixture(scope="session")
def campaign_analysis(campaign_comments):
    from renda.textmining.comments import analyze_comments

    return analyze_comments(campaign_comments)
