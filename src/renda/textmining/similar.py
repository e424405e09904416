"""Similar-suggestion search and near-duplicate detection (for 并案).

``SimilarIndex`` holds TF-IDF vectors of character 2–3-grams (hashed,
sublinear tf, L2-normalised) and answers ``query(text, k)`` with the ``k``
most similar items by cosine similarity, in two stages:

1. *candidates*: an inverted index over the selective n-grams (those in at
   most ``max_df`` of the items) accumulates partial scores, and the
   ``candidates`` best items are kept;
2. *exact scores*: the full cosine similarity of those candidates.

Near-duplicates share many rare n-grams (place names, numbers, specific
phrases), so they are always among the candidates; the benchmark measures
recall@10 against brute force.

Items can be added and removed after the build. New items go to a small
brute-force *delta* that is merged into the main index when it grows past 5 %
(``compact()``); when the collection has grown by a quarter since the IDF
weights were computed, they are recomputed and every vector is reweighted
(exact, because cosine similarity ignores the scale of a row).

``save(dir)``/``load(dir)`` use ``index.npz`` (numpy arrays only, loaded with
``allow_pickle=False``) and ``meta.json``; ids must be strings or integers.

Queries may run in several threads at once; ``add``, ``remove``, ``compact``
and ``save`` change the index and need the caller's lock.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Hashable, Iterable
from pathlib import Path

import numpy as np
from scipy import sparse

from .features import DEFAULT_FEATURES, l2_normalize_rows, ngram_counts, sublinear_tf

__all__ = ["DUPLICATE_THRESHOLD", "SimilarIndex"]

# Cosine similarity above which two suggestions are proposed for 并案. Chosen on
# a development set generated with another seed (see evaluate.py).
DUPLICATE_THRESHOLD = 0.70
_FORMAT = 1


class _Scratch(threading.local):
    """A dense per-thread copy of the query vector (zero outside the query's n-grams)."""

    vector: np.ndarray | None = None


def _row_dots(rows: sparse.csr_matrix, dense_query: np.ndarray) -> np.ndarray:
    """Dot product of each row with the query, in O(non-zeros of the rows)."""
    products = np.empty(rows.nnz + 1, dtype=np.float64)
    np.multiply(rows.data, dense_query.take(rows.indices), out=products[:-1])
    products[-1] = 0.0
    sums = np.add.reduceat(products, rows.indptr[:-1]) if rows.shape[0] else np.zeros(0)
    sums[np.diff(rows.indptr) == 0] = 0.0  # reduceat gives an empty row the next value, not 0
    return sums



def write_meta(directory: Path, name: str, meta: dict) -> None:
    """Write the JSON metadata ``name`` of a saved model (SimilarIndex, UnitRouter) beside its arrays."""
    (directory / name).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def read_meta(directory: str | Path, name: str, kind: str, fmt: int) -> tuple[Path, dict]:
    """(the directory, the metadata ``name`` in it) of a saved ``kind`` of format ``fmt``; ValueError when the
    directory holds something else."""
    directory = Path(directory)
    meta = json.loads((directory / name).read_text(encoding="utf-8"))
    if meta.get("kind") != kind or meta.get("format") != fmt:
        raise ValueError(f"{directory} does not hold a {kind} of format {fmt}")
    return directory, meta

class SimilarIndex:
    """Cosine search over TF-IDF character n-gram vectors (see the module docstring)."""

    def __init__(
        self,
        *,
        ngram_range: tuple[int, int] = (2, 3),
        n_features: int = DEFAULT_FEATURES,
        candidates: int = 300,
        max_df: float = 0.05,
    ) -> None:
        self.ngram_range = tuple(ngram_range)
        self.n_features = n_features
        self.candidates = candidates
        self.max_df = max_df
        self._ids: list[Hashable] = []
        self._row: dict[Hashable, int] = {}
        self._alive = np.zeros(0, dtype=bool)
        self._main = sparse.csr_matrix((0, n_features), dtype=np.float32)
        self._delta: list[sparse.csr_matrix] = []
        self._delta_matrix: sparse.csr_matrix | None = None
        self._df = np.zeros(n_features, dtype=np.int32)
        self._idf = np.ones(n_features, dtype=np.float32)
        self._weighted_at = 0  # number of live items when the IDF was computed
        self._postings: sparse.csc_matrix | None = None
        self._column: np.ndarray | None = None  # feature -> postings column, -1 if not selective
        self._scratch = _Scratch()

    # ------------------------------------------------------------------ build

    @classmethod
    def build(cls, items: Iterable[tuple[Hashable, str]], **options) -> SimilarIndex:
        """An index over ``(id, text)`` pairs."""
        index = cls(**options)
        index.add(items)
        index.compact(reweight=True)
        return index

    def __len__(self) -> int:
        return int(self._alive.sum())

    def __contains__(self, item_id: Hashable) -> bool:
        row = self._row.get(item_id)
        return row is not None and bool(self._alive[row])

    @property
    def ids(self) -> list[Hashable]:
        return [i for i, alive in zip(self._ids, self._alive, strict=True) if alive]

    def _counts(self, texts: list[str]) -> sparse.csr_matrix:
        return sublinear_tf(ngram_counts(texts, self.ngram_range, self.n_features))

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        counts.data *= self._idf[counts.indices]
        return l2_normalize_rows(counts)

    def add(self, items: Iterable[tuple[Hashable, str]]) -> None:
        """Add ``(id, text)`` pairs; an id already present is replaced."""
        items = list(items)
        if not items:
            return
        ids = [i for i, _ in items]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate ids in one add() call")
        for item_id in ids:
            if item_id in self:
                self.remove(item_id)
        counts = self._counts([t for _, t in items])
        present = counts.copy()
        present.data[:] = 1
        self._df += np.asarray(present.sum(axis=0), dtype=np.int32).ravel()
        start = len(self._ids)
        for offset, item_id in enumerate(ids):
            self._row[item_id] = start + offset
        self._ids.extend(ids)
        self._alive = np.concatenate([self._alive, np.ones(len(ids), dtype=bool)])
        self._delta.append(self._weigh(counts))
        self._delta_matrix = None
        main_rows = self._main.shape[0]
        if self._delta_rows() > max(1000, 0.05 * main_rows):
            self.compact()

    def remove(self, item_id: Hashable) -> None:
        """Remove an item (a no-op if it is not there)."""
        row = self._row.pop(item_id, None)
        if row is None or not self._alive[row]:
            return
        self._alive[row] = False
        vector = self._vector_of_row(row)
        self._df[vector.indices] -= 1

    def _delta_rows(self) -> int:
        return sum(m.shape[0] for m in self._delta)

    def _delta_stack(self) -> sparse.csr_matrix:
        if self._delta_matrix is None:
            if self._delta:
                self._delta_matrix = sparse.vstack(self._delta, format="csr")
            else:
                self._delta_matrix = sparse.csr_matrix((0, self.n_features), dtype=np.float32)
        return self._delta_matrix

    def _vector_of_row(self, row: int) -> sparse.csr_matrix:
        main_rows = self._main.shape[0]
        if row < main_rows:
            return self._main[row]
        return self._delta_stack()[row - main_rows]

    def compact(self, *, reweight: bool | None = None) -> None:
        """Merge the delta into the main index, drop removed rows, rebuild the postings.

        With ``reweight=None`` the IDF is recomputed when the number of items
        has grown by 25 % since it was last computed.
        """
        matrix = sparse.vstack([self._main, self._delta_stack()], format="csr")
        if not self._alive.all():
            keep = np.nonzero(self._alive)[0]
            matrix = matrix[keep]
            self._ids = [self._ids[i] for i in keep]
            self._alive = np.ones(len(self._ids), dtype=bool)
        self._row = {item_id: row for row, item_id in enumerate(self._ids)}
        n = len(self._ids)
        if reweight is None:
            reweight = n >= 1.25 * max(self._weighted_at, 1) or self._weighted_at == 0
        if reweight and n:
            idf = (np.log((1.0 + n) / (1.0 + self._df)) + 1.0).astype(np.float32)
            ratio = idf / self._idf
            matrix.data *= ratio[matrix.indices]
            matrix = l2_normalize_rows(matrix)
            self._idf = idf
            self._weighted_at = n
        self._main = matrix
        self._delta = []
        self._delta_matrix = None
        selective = np.nonzero((self._df > 0) & (self._df <= max(2, self.max_df * n)))[0]
        self._column = np.full(self.n_features, -1, dtype=np.int64)
        self._column[selective] = np.arange(len(selective))
        self._postings = matrix.tocsc()[:, selective] if n else None

    # ------------------------------------------------------------------ query

    def _query_vector(self, text: str) -> sparse.csr_matrix:
        return self._weigh(self._counts([text]))

    def query(
        self,
        text: str,
        k: int = 10,
        *,
        min_score: float = 0.0,
        exclude: Iterable[Hashable] = (),
    ) -> list[tuple[Hashable, float]]:
        """The ``k`` most similar items as ``(id, cosine)`` pairs, best first."""
        return self._search(self._query_vector(text), k, min_score, set(exclude))

    def neighbors(self, item_id: Hashable, k: int = 10, *, min_score: float = 0.0) -> list[tuple[Hashable, float]]:
        """The items most similar to an indexed item (itself excluded)."""
        row = self._row.get(item_id)
        if row is None or not self._alive[row]:
            raise KeyError(item_id)
        return self._search(self._vector_of_row(row), k, min_score, {item_id})

    def duplicates(self, text: str, threshold: float = DUPLICATE_THRESHOLD, k: int = 20) -> list[tuple[Hashable, float]]:
        """Items similar enough to ``text`` to be proposed for 并案."""
        return self.query(text, k, min_score=threshold)

    def _search(self, q: sparse.csr_matrix, k: int, min_score: float, exclude: set) -> list[tuple[Hashable, float]]:
        if k <= 0 or not len(self._ids):
            return []
        dense = self._scratch.vector
        if dense is None or len(dense) != self.n_features:
            dense = self._scratch.vector = np.zeros(self.n_features, dtype=np.float32)
        dense[q.indices] = q.data
        try:
            found = self._scores(q, dense, k + len(exclude))
        finally:
            dense[q.indices] = 0.0
        found.sort(key=lambda sr: (-sr[0], sr[1]))
        out = []
        for score, row in found:
            if score < min_score - 1e-9:
                break
            if not self._alive[row] or self._ids[row] in exclude:
                continue
            out.append((self._ids[row], round(min(score, 1.0), 6)))
            if len(out) == k:
                break
        return out

    def _scores(self, q: sparse.csr_matrix, dense: np.ndarray, k: int) -> list[tuple[float, int]]:
        found: list[tuple[float, int]] = []
        main_rows = self._main.shape[0]
        if main_rows and self._postings is not None:
            cols = self._column[q.indices]
            sel = cols >= 0
            rough = self._postings[:, cols[sel]] @ q.data[sel]
            want = min(main_rows, self.candidates + k)
            if want < main_rows:
                cand = np.argpartition(-rough, want - 1)[:want]
                cand = cand[rough[cand] > 0]
            else:
                cand = np.nonzero(rough > 0)[0]
            if len(cand) < k:  # few selective n-grams in common: score every row
                cand = np.arange(main_rows)
            exact = _row_dots(self._main[cand], dense)
            found.extend(zip(exact.tolist(), cand.tolist(), strict=True))
        delta = self._delta_stack()
        if delta.shape[0]:
            exact = _row_dots(delta, dense)
            found.extend(zip(exact.tolist(), range(main_rows, main_rows + delta.shape[0]), strict=True))
        return found

    def duplicate_groups(self, threshold: float = DUPLICATE_THRESHOLD, k: int = 20) -> list[list[Hashable]]:
        """Groups of items linked (transitively) by similarity ≥ ``threshold``: proposals for 并案."""
        from scipy.sparse.csgraph import connected_components

        ids = self.ids
        position = {item_id: p for p, item_id in enumerate(ids)}
        rows, cols = [], []
        for p, item_id in enumerate(ids):
            for other, _ in self.neighbors(item_id, k, min_score=threshold):
                rows.append(p)
                cols.append(position[other])
        graph = sparse.coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(len(ids), len(ids)))
        _, labels = connected_components(graph, directed=False)
        groups: dict[int, list] = {}
        for p, lab in enumerate(labels):
            groups.setdefault(int(lab), []).append(ids[p])
        return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), str(g[0])))

    # ---------------------------------------------------------------- storage

    def save(self, directory: str | Path) -> None:
        """Write ``index.npz`` and ``meta.json`` into ``directory`` (created if needed)."""
        self.compact(reweight=False)
        for item_id in self._ids:
            if not isinstance(item_id, (str, int)) or isinstance(item_id, bool):
                raise TypeError(f"ids must be str or int to be saved, got {type(item_id).__name__}")
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        m = self._main
        np.savez(
            directory / "index.npz",
            data=m.data, indices=m.indices, indptr=m.indptr, df=self._df, idf=self._idf,
        )
        meta = {
            "format": _FORMAT,
            "kind": "SimilarIndex",
            "ngram_range": list(self.ngram_range),
            "n_features": self.n_features,
            "candidates": self.candidates,
            "max_df": self.max_df,
            "weighted_at": self._weighted_at,
            "ids": self._ids,
        }
        write_meta(directory, "meta.json", meta)

    @classmethod
    def load(cls, directory: str | Path) -> SimilarIndex:
        directory, meta = read_meta(directory, "meta.json", "SimilarIndex", _FORMAT)
        index = cls(ngram_range=tuple(meta["ngram_range"]), n_features=meta["n_features"],
                    candidates=meta["candidates"], max_df=meta["max_df"])
        with np.load(directory / "index.npz", allow_pickle=False) as z:
            n = len(meta["ids"])
            index._main = sparse.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=(n, index.n_features))
            index._df = z["df"].astype(np.int32)
            index._idf = z["idf"].astype(np.float32)
        index._ids = list(meta["ids"])
        index._alive = np.ones(n, dtype=bool)
        index._weighted_at = meta["weighted_at"]
        index.compact(reweight=False)
        return index
