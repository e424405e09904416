"""LSH clustering of 8-bit MinHash signatures kept on disk band by band (the streamed comment analysis, issue 21 §4).

The signatures never sit in memory whole. Pass 1 of ``stream`` appends each block's signature columns to one
file per *group* of columns (``groups``: the LSH bands, then the columns no band uses), and the clustering
reads one group at a time (``rows`` bytes a comment):

* **candidates** (``band_pairs``) — per band, a 32-bit hash of the band's bytes and the row number packed in one
  uint64 are sorted; every bucket member is paired with the bucket's first member and with its predecessor. The
  band's pairs, as sorted int64 codes ``i * n + j``, are appended to files by range of ``i``; each range is then
  read back, sorted and made unique on its own. Memory: 8 bytes a comment for the band's keys and the pairs of
  one range, never the pairs of every band at once (the old ``union1d`` of each band with everything before
  re-sorted a growing array twenty times, which made this phase superlinear).
* **verification** (``count_equal``) — the equal bytes of each candidate pair are counted one group at a time
  into a uint8 counter per pair; the Jaccard estimate is the one of ``stream`` (corrected for the 1/256 chance of
  equal bytes) and bit for bit the same float32.
* **representatives** (``cluster_representatives``) — a sample of at most 150 members per cluster (the same sample as
  before) is gathered from the group files; each member's similarity to its cluster's representative is counted
  one group at a time, for the cohesion (the median).

Everything else is an O(n) array of a few bytes a comment.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

__all__ = ["SignatureFiles", "band_pairs", "cluster_representatives", "count_equal", "groups_of", "jaccard_from_equal"]

_BYTE_CHANCE = 1.0 / 256.0
_EMPTY_PAIRS = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def groups_of(num_perm: int, bands: int, rows: int) -> list[tuple[int, int]]:
    """Column ranges [lo, hi) of the signature files: one per LSH band, then the columns no band covers."""
    out = [(b * rows, (b + 1) * rows) for b in range(bands)]
    if bands * rows < num_perm:
        out.append((bands * rows, num_perm))
    return out


class SignatureFiles:
    """The signature's column groups in files of ``n_all`` rows; ``load(g)`` gives group g for the analysed rows."""

    def __init__(self, folder: Path, groups: list[tuple[int, int]], n_all: int,
                 select: np.ndarray | None = None) -> None:
        self.folder = Path(folder)
        self.groups = groups
        self.n_all = n_all
        self.select = select
        self.num_perm = groups[-1][1] if groups else 0

    def path(self, g: int) -> Path:
        return self.folder / f"sig{g}"

    def write(self, files: list, sig: np.ndarray) -> None:
        """Append a block's signatures (rows × num_perm uint8) to the open group files."""
        for fh, (lo, hi) in zip(files, self.groups, strict=True):
            np.ascontiguousarray(sig[:, lo:hi]).tofile(fh)

    def load(self, g: int) -> np.ndarray:
        from .stream import _read_column

        lo, hi = self.groups[g]
        return _read_column(self.path(g), np.dtype(np.uint8), (hi - lo,), self.n_all, self.select)

    def gather(self, rows: np.ndarray) -> np.ndarray:
        """Full signatures (len(rows) × num_perm) of some analysed rows, one group file at a time."""
        out = np.empty((len(rows), self.num_perm), dtype=np.uint8)
        for g, (lo, hi) in enumerate(self.groups):
            out[:, lo:hi] = self.load(g)[rows]
        return out


def _index_dtype(n: int):
    return np.int32 if n < 2**31 else np.int64


def band_pairs(load_band: Callable[[int], np.ndarray], n: int, valid: np.ndarray, bands: int, spill: Path | None,
               chunk: int = 1 << 20, range_rows: int = 1_000_000) -> tuple[np.ndarray, np.ndarray]:
    """Distinct candidate pairs (i < j, sorted by i then j) of the rows that share a band's bytes.

    ``load_band(b)`` gives band b's bytes for every row (n × rows); ``valid`` masks the rows that may pair.
    """
    if spill is None:
        with tempfile.TemporaryDirectory(prefix="renda-bands-") as folder:
            return band_pairs(load_band, n, valid, bands, Path(folder), chunk, range_rows)
    index = None if valid.all() else np.nonzero(valid)[0].astype(np.uint64)
    m = n if index is None else len(index)
    if m < 2:
        return _EMPTY_PAIRS
    ranges = max(1, n // range_rows)  # the pairs of i in [r * step, (r + 1) * step) go to file r
    step = -(-n // ranges)
    bounds = np.arange(1, ranges, dtype=np.int64) * np.int64(step) * np.int64(n)
    files = [(spill / f"pairs{r}").open("wb") for r in range(ranges)]
    h = np.empty(m, dtype=np.uint64)
    same = np.empty(m, dtype=bool)
    try:
        for band in range(bands):
            raw = load_band(band)
            for lo in range(0, m, chunk):
                hi = min(m, lo + chunk)
                block = raw[lo:hi] if index is None else raw[index[lo:hi].astype(np.int64)]
                x = np.full(hi - lo, 0x84222325CBF29CE4, dtype=np.uint64)
                for col in range(block.shape[1]):
                    x ^= block[:, col].astype(np.uint64)
                    x *= np.uint64(0xBF58476D1CE4E5B9)
                    x ^= x >> np.uint64(29)
                x &= np.uint64(0xFFFFFFFF00000000)
                x |= np.arange(lo, hi, dtype=np.uint64) if index is None else index[lo:hi]
                h[lo:hi] = x
            del raw
            h.sort()
            same[:1] = False
            for lo in range(1, m, chunk):
                hi = min(m, lo + chunk)
                np.equal(h[lo:hi] >> np.uint64(32), h[lo - 1 : hi - 1] >> np.uint64(32), out=same[lo:hi])
            if not same.any():
                continue
            where = np.flatnonzero(same).astype(np.int32 if m < 2**31 else np.int64)
            pos = np.arange(m, dtype=where.dtype)
            np.putmask(pos, same, 0)
            np.maximum.accumulate(pos, out=pos)
            leader = pos[where]
            del pos
            members = (h[where] & np.uint64(0xFFFFFFFF)).astype(np.int64)
            codes = []
            for other in ((h[where - 1] & np.uint64(0xFFFFFFFF)).astype(np.int64),
                          (h[leader] & np.uint64(0xFFFFFFFF)).astype(np.int64)):
                i = np.minimum(members, other)
                j = np.maximum(members, other)
                keep = i != j
                codes.append(i[keep] * n + j[keep])
                del i, j, keep, other
            del where, leader, members
            band_codes = np.concatenate(codes)
            del codes
            band_codes.sort()
            cuts = np.concatenate([[0], np.searchsorted(band_codes, bounds), [len(band_codes)]])
            for r, fh in enumerate(files):
                band_codes[cuts[r] : cuts[r + 1]].tofile(fh)
            del band_codes
    finally:
        for fh in files:
            fh.close()
    del h, same
    dtype = _index_dtype(n)
    out_i, out_j = [], []
    for r in range(ranges):
        codes = np.fromfile(spill / f"pairs{r}", dtype=np.int64)
        (spill / f"pairs{r}").unlink()
        if not len(codes):
            continue
        codes.sort()
        distinct = np.empty(len(codes), dtype=bool)
        distinct[0] = True
        np.not_equal(codes[1:], codes[:-1], out=distinct[1:])
        codes = codes[distinct]
        out_i.append((codes // n).astype(dtype))
        out_j.append((codes % n).astype(dtype))
        del codes, distinct
    if not out_i:
        return _EMPTY_PAIRS
    return np.concatenate(out_i), np.concatenate(out_j)


def count_equal(load_group: Callable[[int], np.ndarray], n_groups: int, i: np.ndarray, j: np.ndarray,
                chunk: int = 1 << 20) -> np.ndarray:
    """Number of equal signature bytes of each pair (i[k], j[k]), counted one column group at a time."""
    eq = np.zeros(len(i), dtype=np.uint8)
    if not len(i):
        return eq
    for g in range(n_groups):
        block = load_group(g)
        for lo in range(0, len(i), chunk):
            hi = lo + chunk
            eq[lo:hi] += (block[i[lo:hi]] == block[j[lo:hi]]).sum(axis=1, dtype=np.uint8)
        del block
    return eq


def jaccard_from_equal(eq: np.ndarray, num_perm: int) -> np.ndarray:
    """Estimated Jaccard similarity from counts of equal 8-bit values (corrected for chance byte equality).

    The same float32 values as the mean of the equal bytes, as ``stream`` computed it on whole signatures.
    """
    out = (eq / float(num_perm)).astype(np.float32)
    return np.clip((out - _BYTE_CHANCE) / (1.0 - _BYTE_CHANCE), 0.0, 1.0)


def cluster_representatives(files: SignatureFiles, order: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                    sample: int = 150) -> tuple[np.ndarray, np.ndarray]:
    """(representative row, cohesion) of each cluster ``order[starts[g]:ends[g]]`` (members ascending, 2+ each).

    The representative is, among at most ``sample`` evenly spaced members, the one with the most signature bytes
    equal to the others'; for two members it is the first. Cohesion is the median estimated Jaccard similarity of
    the members to the representative (the Jaccard of the pair for two members).
    """
    sizes = ends - starts
    count = len(starts)
    reps = np.empty(count, dtype=np.int64)
    small = sizes <= 2
    reps[small] = order[starts[small]]
    big = np.flatnonzero(~small)
    picks = [order[starts[g] + np.linspace(0, sizes[g] - 1, min(sample, int(sizes[g]))).astype(np.int64)]
             for g in big.tolist()]
    if picks:
        where = np.concatenate(picks)
        sig = files.gather(where)
        lo = 0
        for g, pick in zip(big.tolist(), picks, strict=True):
            block = sig[lo : lo + len(pick)]
            lo += len(pick)
            sim = np.zeros(len(pick), dtype=np.float64)
            for col in range(block.shape[1]):
                column = block[:, col]
                sim += (column[:, None] == column[None, :]).sum(axis=1)
            reps[g] = pick[int(np.argmax(sim))]
        del sig, where
    del picks
    rep_of = np.repeat(reps, sizes)
    jac = jaccard_from_equal(count_equal(files.load, len(files.groups), rep_of, order), files.num_perm)
    del rep_of
    cohesion = np.empty(count, dtype=np.float64)
    cohesion[small] = jac[starts[small] + 1]
    for g in big.tolist():
        cohesion[g] = float(np.median(jac[starts[g] : ends[g]]))
    return reps, cohesion
