"""Vectorised MinHash over character shingles, LSH banding and near-duplicate clustering.

Signatures are bit-for-bit those of ``datasketch.MinHash(num_perm, seed,
scheme="affine32", hashfunc=shingle_hash32)`` updated with the text's
character k-shingles (``canonical_text`` form), so they can be turned into
``datasketch.LeanMinHash`` objects and put into a ``datasketch.MinHashLSH``
(see ``to_lean_minhash``); the tests check this equivalence. They are
computed here with numpy for a whole batch at once: one 32-bit hash per
shingle, then for each permutation one multiply-add over all shingles of the
batch and a segmented minimum (``np.minimum.reduceat``). A million comments
take about ten seconds.

For batch clustering the LSH banding is also done with numpy rather than by
inserting a million keys into ``MinHashLSH``: each band of ``r`` rows is
hashed to 64 bits, documents are sorted by band hash, and every document in a
bucket is paired with the bucket's first member and with its predecessor.
Candidate pairs are verified on the signatures (estimated Jaccard ≥
threshold) and the verified pairs are joined into clusters with
``scipy.sparse.csgraph.connected_components``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .normalize import canonical_codepoints, canonical_text

__all__ = [
    "DEFAULT_NUM_PERM",
    "DEFAULT_SEED",
    "Clustering",
    "cluster_signatures",
    "lsh_params",
    "shingle_hash32",
    "signatures",
    "to_lean_minhash",
]

DEFAULT_NUM_PERM = 64
DEFAULT_SEED = 1
DEFAULT_SHINGLE = 3
SCHEME = "affine32"
_EMPTY = np.uint32(0xFFFFFFFF)

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)
_MASK64 = (1 << 64) - 1

Progress = Callable[[int, int], None]


def _key_of(shingle: str) -> int:
    key = 0
    for i, ch in enumerate(shingle):
        key |= ord(ch) << (21 * (2 - i))
    return key


def shingle_hash32(shingle: str | bytes) -> int:
    """The 32-bit hash of one shingle (of at most 3 characters), as used in signatures.

    Pass it as ``hashfunc`` to ``datasketch.MinHash`` to reproduce a
    signature with datasketch. The shingle's code points are packed into 63
    bits and mixed with the splitmix64 finaliser.
    """
    if isinstance(shingle, bytes):
        shingle = shingle.decode("utf-8")
    x = (_key_of(shingle) + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return (x ^ (x >> 31)) >> 32


def _hash_keys(keys: np.ndarray) -> np.ndarray:
    x = keys + _M1
    x = (x ^ (x >> np.uint64(30))) * _M2
    x = (x ^ (x >> np.uint64(27))) * _M3
    return ((x ^ (x >> np.uint64(31))) >> np.uint64(32)).astype(np.uint32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    # datasketch's pre-mix for the affine32 scheme (MurmurHash3 finaliser).
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def permutations(num_perm: int = DEFAULT_NUM_PERM, seed: int = DEFAULT_SEED) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) permutation parameters datasketch derives from ``seed`` (affine32 scheme)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def shingles(text: str, k: int = DEFAULT_SHINGLE) -> list[str]:
    """The character k-shingles of ``canonical_text(text)`` (the whole text if shorter than k)."""
    c = canonical_text(text)
    if not c:
        return []
    if len(c) < k:
        return [c]
    return [c[i : i + k] for i in range(len(c) - k + 1)]


def _shingle_keys(cp: np.ndarray, lengths: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Packed shingle keys of a batch and the number of shingles of each document."""
    counts = np.where(lengths >= k, lengths - k + 1, np.minimum(lengths, 1))
    total = int(counts.sum())
    starts = np.cumsum(lengths) - lengths
    ends = starts + lengths
    doc_of = np.repeat(np.arange(len(lengths)), counts)
    first = np.cumsum(counts) - counts
    pos = starts[doc_of] + (np.arange(total) - first[doc_of])
    end = ends[doc_of]
    padded = np.concatenate([cp, np.zeros(k, dtype=np.uint32)]).astype(np.uint64)
    keys = np.zeros(total, dtype=np.uint64)
    for i in range(k):
        part = padded[pos + i]
        if i:
            part = np.where(pos + i < end, part, np.uint64(0))
        keys |= part << np.uint64(21 * (2 - i))
    return keys, counts


def signatures(
    texts: Sequence[str],
    *,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = DEFAULT_SEED,
    k: int = DEFAULT_SHINGLE,
    chunk: int = 20_000,
    progress: Progress | None = None,
) -> np.ndarray:
    """MinHash signatures of ``texts``: a ``(len(texts), num_perm)`` uint32 array.

    A text with no letter or digit gets the empty signature (all 0xFFFFFFFF);
    ``cluster_signatures`` never pairs such texts.
    """
    if not 1 <= k <= 3:
        raise ValueError("shingle size k must be 1, 2 or 3")
    n = len(texts)
    a, b = permutations(num_perm, seed)
    out = np.full((num_perm, n), _EMPTY, dtype=np.uint32)  # one row per permutation: contiguous writes
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        cp, lengths = canonical_codepoints(list(texts[lo:hi]))
        keys, counts = _shingle_keys(cp, lengths, k)
        if keys.size:
            hv = _fmix32(_hash_keys(keys))
            nonempty = np.nonzero(counts)[0]
            seg = (np.cumsum(counts) - counts)[nonempty]
            tmp = np.empty_like(hv)
            for p in range(num_perm):
                np.multiply(hv, a[p], out=tmp)
                tmp += b[p]
                out[p, lo + nonempty] = np.minimum.reduceat(tmp, seg)
        if progress is not None:
            progress(hi, n)
    return out.T


def to_lean_minhash(signature: np.ndarray, seed: int = DEFAULT_SEED):
    """A ``datasketch.LeanMinHash`` with this signature (for ``datasketch.MinHashLSH``)."""
    from datasketch import LeanMinHash

    return LeanMinHash(seed=seed, hashvalues=np.asarray(signature, dtype=np.uint32), scheme=SCHEME)


def lsh_params(threshold: float, num_perm: int = DEFAULT_NUM_PERM, fp_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows) minimising the weighted false positive/negative areas, as datasketch does."""
    xs = np.linspace(0.0, 1.0, 2001)
    best, best_err = (1, num_perm), np.inf
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            prob = 1.0 - (1.0 - xs**rows) ** bands
            fp = np.trapezoid(np.where(xs < threshold, prob, 0.0), xs)
            fn = np.trapezoid(np.where(xs >= threshold, 1.0 - prob, 0.0), xs)
            err = fp * fp_weight + fn * (1.0 - fp_weight)
            if err < best_err:
                best, best_err = (bands, rows), err
    return best


def _band_hashes(rows: np.ndarray) -> np.ndarray:
    h = np.full(rows.shape[1], 0x84222325CBF29CE4, dtype=np.uint64)
    for row in rows:
        h ^= row.astype(np.uint64)
        h *= _M2
        h ^= h >> np.uint64(29)
    return h


def candidate_pairs(sig: np.ndarray, bands: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (i < j) from LSH banding: each bucket member with the bucket's first and previous member."""
    n = sig.shape[0]
    valid = np.nonzero(sig[:, 0] != _EMPTY)[0] if n else np.zeros(0, dtype=np.int64)
    sig_t = np.ascontiguousarray(sig[valid].T)
    codes = []
    for band in range(bands):
        h = _band_hashes(sig_t[band * rows : (band + 1) * rows])
        order = np.argsort(h, kind="stable")
        hs = h[order]
        same = np.zeros(len(order), dtype=bool)
        same[1:] = hs[1:] == hs[:-1]
        if not same.any():
            continue
        idx = np.arange(len(order))
        leader_pos = np.maximum.accumulate(np.where(same, 0, idx))
        members = valid[order[same]]
        prev = valid[order[idx[same] - 1]]
        lead = valid[order[leader_pos[same]]]
        for other in (prev, lead):
            i = np.minimum(members, other).astype(np.int64)
            j = np.maximum(members, other).astype(np.int64)
            keep = i != j
            codes.append(i[keep] * n + j[keep])
    if not codes:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    unique = np.unique(np.concatenate(codes))
    return unique // n, unique % n


def estimated_jaccard(sig: np.ndarray, i: np.ndarray, j: np.ndarray, chunk: int = 500_000) -> np.ndarray:
    """Fraction of equal signature values for each pair (i[k], j[k])."""
    out = np.empty(len(i), dtype=np.float32)
    for lo in range(0, len(i), chunk):
        hi = lo + chunk
        out[lo:hi] = (sig[i[lo:hi]] == sig[j[lo:hi]]).mean(axis=1)
    return out


@dataclass
class Clustering:
    """Result of ``cluster_signatures``: a cluster label per document (singletons have their own)."""

    labels: np.ndarray  # int64, same label = same cluster
    pairs: int  # verified near-duplicate pairs used as edges
    candidates: int  # candidate pairs produced by LSH

    def groups(self, min_size: int = 2) -> list[np.ndarray]:
        """Clusters with at least ``min_size`` members, as arrays of document indices (ascending)."""
        order = np.argsort(self.labels, kind="stable")
        sorted_labels = self.labels[order]
        cuts = np.nonzero(np.diff(sorted_labels))[0] + 1
        return [g for g in np.split(order, cuts) if len(g) >= min_size]


def cluster_signatures(
    sig: np.ndarray,
    threshold: float = 0.5,
    *,
    bands: int | None = None,
    rows: int | None = None,
) -> Clustering:
    """Join documents whose estimated Jaccard similarity is ≥ ``threshold`` (transitively)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n, num_perm = sig.shape
    if bands is None or rows is None:
        bands, rows = lsh_params(threshold, num_perm)
    i, j = candidate_pairs(sig, bands, rows)
    ok = estimated_jaccard(sig, i, j) >= threshold - 1e-6
    vi, vj = i[ok], j[ok]
    graph = coo_matrix((np.ones(len(vi), dtype=np.int8), (vi, vj)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return Clustering(labels.astype(np.int64), int(ok.sum()), len(i))
