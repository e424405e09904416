"""Text mining for suggestions and public comments (pure Python; never imports Django).

Public API (see docs/TEXTMINING.md):

* normalisation and words: ``normalize_text``, ``canonical_text``, ``segment``, ``keywords``, ``STOPWORDS``
* similar suggestions and 并案: ``SimilarIndex``, ``DUPLICATE_THRESHOLD``
* handling-unit routing: ``UnitRouter``
* public comments: ``analyze_comments``, ``read_comments_csv``, ``Comment``, ``CommentFileError``
* synthetic data: ``generate_suggestions``, ``generate_comments``, ``write_comments_csv``
* evaluation: ``load_eval_suggestions``, ``evaluate_routing``, ``evaluate_duplicates``, ``evaluate_campaigns``
* MinHash: ``signatures``, ``cluster_signatures``, ``to_lean_minhash``

Submodules are imported lazily, so ``import renda.textmining`` stays cheap
(numpy, scipy, scikit-learn and jieba load on first use).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_EXPORTS = {
    "normalize_text": "normalize",
    "canonical_text": "normalize",
    "to_halfwidth": "normalize",
    "segment": "words",
    "keywords": "words",
    "STOPWORDS": "words",
    "SimilarIndex": "similar",
    "DUPLICATE_THRESHOLD": "similar",
    "UnitRouter": "routing",
    "Comment": "comments",
    "analyze_comments": "comments",
    "read_comments_csv": "csvio",
    "CommentFileError": "csvio",
    "RowProblem": "csvio",
    "Suggestion": "synth",
    "SynthComment": "synth",
    "generate_suggestions": "synth",
    "generate_comments": "synth",
    "write_comments_csv": "synth",
    "UNIT_NAMES": "synth",
    "CATEGORIES": "synth",
    "load_eval_suggestions": "evaluate",
    "evaluate_routing": "evaluate",
    "evaluate_duplicates": "evaluate",
    "evaluate_campaigns": "evaluate",
    "signatures": "minhash",
    "cluster_signatures": "minhash",
    "to_lean_minhash": "minhash",
    "analyze_comments_file": "stream",
    "DuplicateFinder": "dupes",
    "generate_duplicate_set": "dupset",
}

__all__ = [
    "CATEGORIES",
    "DUPLICATE_THRESHOLD",
    "STOPWORDS",
    "UNIT_NAMES",
    "Comment",
    "CommentFileError",
    "DuplicateFinder",
    "RowProblem",
    "SimilarIndex",
    "Suggestion",
    "SynthComment",
    "UnitRouter",
    "analyze_comments",
    "analyze_comments_file",
    "canonical_text",
    "cluster_signatures",
    "evaluate_campaigns",
    "evaluate_duplicates",
    "evaluate_routing",
    "generate_comments",
    "generate_duplicate_set",
    "generate_suggestions",
    "keywords",
    "load_eval_suggestions",
    "normalize_text",
    "read_comments_csv",
    "segment",
    "signatures",
    "to_halfwidth",
    "to_lean_minhash",
    "write_comments_csv",
]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)


if TYPE_CHECKING:  # pragma: no cover
    from .comments import Comment, analyze_comments
    from .csvio import CommentFileError, RowProblem, read_comments_csv
    from .dupes import DuplicateFinder
    from .dupset import generate_duplicate_set
    from .evaluate import evaluate_campaigns, evaluate_duplicates, evaluate_routing, load_eval_suggestions
    from .minhash import cluster_signatures, signatures, to_lean_minhash
    from .normalize import canonical_text, normalize_text, to_halfwidth
    from .routing import UnitRouter
    from .similar import DUPLICATE_THRESHOLD, SimilarIndex
    from .stream import analyze_comments_file
    from .synth import (
        CATEGORIES,
        UNIT_NAMES,
        Suggestion,
        SynthComment,
        generate_comments,
        generate_suggestions,
        write_comments_csv,
    )
    from .words import STOPWORDS, keywords, segment
