"""The memory cuts of the streamed comment analysis leave its output unchanged.

Pass 1 spills its columns to disk and finds duplicate ids from the id hashes alone, the LSH bands are hashed chunk
by chunk, and pass 2 keeps the clustered ids in one list (no dictionary): checked here against independent
references (numpy's unique, a plain grouping of band bytes, the in-memory analysis) on small corpora.
"""

import random

import numpy as np
import pytest
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from tests.textmining.test_textmining_stream import _same_meaning

from renda.textmining.comments import analyze_comments
from renda.textmining.csvio import read_comments_csv
from renda.textmining.stream import _candidates, _first_of_each, _read_column, analyze_comments_file
from renda.textmining.synth import generate_comments, write_comments_csv


def test_first_of_each_keeps_what_unique_keeps():
    values = np.random.default_rng(3).integers(0, 500, size=5000).astype(np.int64)
    keep = _first_of_each(values)
    _, first = np.unique(values, return_index=True)
    assert np.array_equal(np.nonzero(keep)[0], np.sort(first))
    assert 0 < keep.sum() < len(values)


def test_read_column_filters_chunk_by_chunk(tmp_path):
    data = np.arange(7000 * 4, dtype=np.uint8).reshape(7000, 4)
    data.tofile(tmp_path / "c")
    select = np.random.default_rng(1).random(7000) < 0.7
    got = _read_column(tmp_path / "c", data.dtype, (4,), 7000, select, chunk=1000)
    assert np.array_equal(got, data[select])
    assert np.array_equal(_read_column(tmp_path / "c", data.dtype, (4,), 7000, None), data)


@pytest.mark.parametrize("all_valid", [True, False])
def test_candidates_join_exactly_the_rows_that_share_a_band(all_valid):
    rng = np.random.default_rng(7)
    bands, rows = 8, 4
    sig = rng.integers(0, 256, size=(3000, bands * rows), dtype=np.uint8)
    for _ in range(300):  # plant rows that share one band with another row
        a, b = rng.integers(0, 3000, size=2)
        band = int(rng.integers(0, bands))
        sig[b, band * rows : (band + 1) * rows] = sig[a, band * rows : (band + 1) * rows]
    valid = np.ones(3000, dtype=bool) if all_valid else rng.random(3000) < 0.8
    i, j = _candidates(sig, valid, bands, rows, chunk=257)
    assert len(i) and np.all(i < j) and valid[i].all() and valid[j].all()
    # reference: every pair of valid rows with equal bytes in some band (grouped by the bytes themselves)
    ref = set()
    for band in range(bands):
        groups: dict[bytes, list[int]] = {}
        for r in np.nonzero(valid)[0].tolist():
            groups.setdefault(sig[r, band * rows : (band + 1) * rows].tobytes(), []).append(r)
        ref |= {(g[0], x) for g in groups.values() for x in g[1:]}
    got = set(zip(i.tolist(), j.tolist(), strict=True))
    assert all(bytes_shared(sig, a, b, bands, rows) for a, b in got)  # no pair without a shared band

    def components(pairs):
        a = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
        return connected_components(coo_matrix((np.ones(len(a[0])), a), shape=(3000, 3000)), directed=False)[1]

    assert np.array_equal(components(got), components(ref))  # the same clusters as joining every shared band


def bytes_shared(sig, a, b, bands, rows):
    return any(np.array_equal(sig[a, k * rows : (k + 1) * rows], sig[b, k * rows : (k + 1) * rows])
               for k in range(bands))


def test_output_unchanged_with_duplicates_empty_texts_and_problems(tmp_path):
    comments = generate_comments(2500, seed=21, campaigns=3)
    path = tmp_path / "c.csv"
    write_comments_csv(comments, path)
    rng = random.Random(4)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    extra = [rng.choice(lines[1:]) for _ in range(40)]  # duplicate ids (later rows skipped)
    extra += ["E1,第三条,！！！……,2025-03-02\n", "E2,第三条,？？,2025-03-02\n",  # no letters: never clustered
              "E3,第三条,,2025-03-02\n", "E4,第三条,内容,不是日期\n"]
    path.write_text("".join(lines + extra), encoding="utf-8")
    one = analyze_comments_file(path, workers=1, block_bytes=32 << 10)
    two = analyze_comments_file(path, workers=2, block_bytes=200 << 10)
    assert one.report == two.report and one.problems == two.problems and one.rows == two.rows
    read = read_comments_csv(path)
    assert [(p.line, p.message, p.skipped) for p in one.problems] == [
        (p.line, p.message, p.skipped) for p in read.problems]
    assert sum("重复" in p.message for p in one.problems) == 40
    _same_meaning(analyze_comments(read.comments), one.report)
