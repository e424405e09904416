"""Statute engine: parse Chinese statutes, compare versions (修改对照表), export Akoma Ntoso.

Pure Python: never imports Django. Public API::

    from renda.statutes import parse_text, parse_file, render, compare, to_akn, to_html, to_docx, review

See docs/STATUTES.md.
"""

from .akn import frbr_uris, to_akn, to_akn_tree
from .amend import AmendmentError, AmendResult, apply_decision, apply_package, split_decision
from .compare import ChangeRow, Comparison, Segment, char_diff, compare
from .draft import Draft, draft, draft_decision
from .export_docx import to_docx
from .export_html import to_html
from .model import Article, Attachment, Division, Paragraph, ParseWarning, Point, Statute, StatuteParseError
from .numerals import article_label, cn_to_int, int_to_cn, parse_article_label
from .parser import parse_text
from .reader import StatuteReadError, parse_file, read_text
from .render import article_text, render
from .review import Finding, review

__all__ = [
    "AmendResult",
    "AmendmentError",
    "Article",
    "Attachment",
    "ChangeRow",
    "Comparison",
    "Division",
    "Draft",
    "Finding",
    "Paragraph",
    "ParseWarning",
    "Point",
    "Segment",
    "Statute",
    "StatuteParseError",
    "StatuteReadError",
    "apply_decision",
    "apply_package",
    "article_label",
    "article_text",
    "char_diff",
    "cn_to_int",
    "compare",
    "draft",
    "draft_decision",
    "frbr_uris",
    "int_to_cn",
    "parse_article_label",
    "parse_file",
    "parse_text",
    "read_text",
    "render",
    "review",
    "split_decision",
    "to_akn",
    "to_akn_tree",
    "to_docx",
    "to_html",
]
