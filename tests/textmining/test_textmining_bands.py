"""Clustering with the signatures on disk band by band (textmining.bands) equals the in-memory computation.

References below are the in-memory formulas the streamed analysis used before (whole 8-bit signatures in memory,
``union1d`` of every band's pairs, the representative and cohesion over full signature rows).
"""

import numpy as np
import pytest

from renda.textmining.bands import (
    SignatureFiles,
    band_pairs,
    cluster_representatives,
    count_equal,
    groups_of,
    jaccard_from_equal,
)

BYTE_CHANCE = 1.0 / 256.0


def ref_jaccard(sig, i, j):
    out = np.empty(len(i), dtype=np.float32)
    out[:] = (sig[i] == sig[j]).mean(axis=1)
    return np.clip((out - BYTE_CHANCE) / (1.0 - BYTE_CHANCE), 0.0, 1.0)


def ref_representative(sig, members, sample=150):
    if len(members) <= 2:
        return int(members[0]), float(ref_jaccard(sig, members[:1], members[1:])[0])
    pick = members[np.linspace(0, len(members) - 1, min(sample, len(members))).astype(np.int64)]
    block = sig[pick]
    sim = np.zeros(len(pick))
    for col in range(block.shape[1]):
        sim += (block[:, col][:, None] == block[:, col][None, :]).sum(axis=1)
    rep = int(pick[int(np.argmax(sim))])
    return rep, float(np.median(ref_jaccard(sig, np.full(len(members), rep), members)))


def planted(n=4000, num_perm=64, seed=3):
    """Random 8-bit signatures with clusters of near-copies (a few bytes changed) of sizes 2 to 400."""
    rng = np.random.default_rng(seed)
    sig = rng.integers(0, 256, size=(n, num_perm), dtype=np.uint8)
    row = 0
    for size in [2, 2, 3, 5, 40, 400, 7, 2]:
        base = sig[row].copy()
        for r in range(row, row + size):
            sig[r] = base
            flip = rng.choice(num_perm, size=int(rng.integers(0, 20)), replace=False)
            sig[r, flip] = rng.integers(0, 256, size=len(flip), dtype=np.uint8)
        row += size
    return sig[rng.permutation(n)]


def write_files(tmp_path, sig, groups, select=None):
    files = SignatureFiles(tmp_path, groups, len(sig), select)
    handles = [files.path(g).open("wb") for g in range(len(groups))]
    for lo in range(0, len(sig), 777):  # blocks, as pass 1 appends them
        files.write(handles, sig[lo : lo + 777])
    for fh in handles:
        fh.close()
    return files


def test_groups_cover_every_column_once():
    assert groups_of(64, 10, 6) == [(b * 6, b * 6 + 6) for b in range(10)] + [(60, 64)]
    assert groups_of(64, 16, 4)[-1] == (60, 64) and len(groups_of(64, 16, 4)) == 16


@pytest.mark.parametrize("range_rows", [1_000_000, 300])
def test_pairs_verification_and_representatives_equal_the_in_memory_ones(tmp_path, range_rows):
    sig = planted()
    n, bands, rows = len(sig), 10, 6
    valid = np.ones(n, dtype=bool)
    valid[::97] = False
    select = np.ones(n + 50, dtype=bool)
    select[np.random.default_rng(1).choice(n + 50, size=50, replace=False)] = False  # duplicate ids skipped
    padded = np.empty((n + 50, sig.shape[1]), dtype=np.uint8)
    padded[select] = sig
    padded[~select] = 7
    files = write_files(tmp_path, padded, groups_of(64, bands, rows), select)
    assert np.array_equal(files.gather(np.arange(n)), sig)

    i, j = band_pairs(files.load, n, valid, bands, tmp_path, chunk=333, range_rows=range_rows)
    # reference: the old accumulation (leader and predecessor of each bucket, union1d band after band)
    ref = np.zeros(0, dtype=np.int64)
    index = np.nonzero(valid)[0]
    for band in range(bands):
        keys = [sig[r, band * rows : (band + 1) * rows].tobytes() for r in index]
        order = sorted(range(len(index)), key=lambda k: (keys[k], index[k]))
        for pos in range(1, len(order)):
            if keys[order[pos]] != keys[order[pos - 1]]:
                continue
            lead = pos
            while lead and keys[order[lead - 1]] == keys[order[pos]]:
                lead -= 1
            for other in (order[pos - 1], order[lead]):
                a, b = sorted((int(index[order[pos]]), int(index[other])))
                if a != b:
                    ref = np.union1d(ref, [a * n + b])
    assert np.array_equal(i.astype(np.int64) * n + j, ref)
    assert len(ref) > 400

    eq = count_equal(files.load, len(files.groups), i, j, chunk=101)
    assert np.array_equal(jaccard_from_equal(eq, 64), ref_jaccard(sig, i, j))

    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    ok = jaccard_from_equal(eq, 64) >= 0.6 - 1e-6
    labels = connected_components(coo_matrix((np.ones(int(ok.sum())), (i[ok], j[ok])), shape=(n, n)),
                                  directed=False)[1]
    clustered = np.flatnonzero((np.bincount(labels) >= 2)[labels])
    order = clustered[np.argsort(labels[clustered], kind="stable")]
    cuts = np.nonzero(np.diff(labels[order]))[0] + 1
    starts, ends = np.concatenate([[0], cuts]), np.concatenate([cuts, [len(order)]])
    reps, cohesion = cluster_representatives(files, order, starts, ends)
    assert int((ends - starts).max()) >= 300  # the big cluster is found
    for g in range(len(starts)):
        assert (int(reps[g]), float(cohesion[g])) == ref_representative(sig, order[starts[g] : ends[g]])


def test_no_pairs_when_nothing_shares_a_band(tmp_path):
    sig = np.random.default_rng(5).integers(0, 256, size=(50, 64), dtype=np.uint8)
    sig[:, 0::6] = np.arange(50, dtype=np.uint8)[:, None]  # every band starts with the row number
    i, j = band_pairs(lambda b: sig[:, b * 6 : (b + 1) * 6], 50, np.ones(50, dtype=bool), 10, None)
    assert len(i) == len(j) == 0
    assert len(count_equal(lambda g: sig, 1, i, j)) == 0
