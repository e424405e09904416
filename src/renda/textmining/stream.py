"""Comment analysis streamed from a CSV file on disk, in bounded memory, on every core.

``analyze_comments_file(path)`` gives the report of ``analyze_comments`` (same
keys, same meaning) without ever holding the comments in memory:

* **pass 1** — the file is cut into byte blocks at line ends outside quotes
  (about 16 MB each); worker processes decode and check the rows of a block
  (the same checks and Chinese messages as ``read_comments_csv``) and return
  only compact numpy columns: a 64-bit hash of the id and of the participant,
  a provision code, the day, the canonical length, and the MinHash signature
  kept as its low 8 bits (*b-bit MinHash*, Li & König 2010: 64 bytes a
  comment instead of 256; the estimated Jaccard similarity is corrected for
  the 1/256 chance of equal bytes). Nothing else is retained: no id, no text.
  The columns are appended to files in a temporary directory while the file
  is read and read back once, exactly sized, after duplicate ids are known;
  the signature goes to one file per LSH band (and one for the columns no
  band uses) and is never read back whole.
* **clustering** (``bands``) — one band in memory at a time: LSH buckets by
  sorting a 32-bit hash of the band's 6 bytes (every candidate is verified
  anyway), the pairs spilled to disk by range and made unique range by range,
  the equal bytes of each candidate counted band by band, verified pairs
  joined with ``connected_components``; the representatives' samples (at most
  150 per cluster) gathered from the band files; campaigns flagged exactly as
  in ``comments.py``.
* **pass 2** — the file is read again and only what the report shows is
  fetched: the ids of comments in clusters, and the texts of cluster
  representatives and of the keyword sample (at most ``keyword_sample``
  distinct texts per provision). Those samples are segmented with jieba in
  the worker processes.

Memory is therefore O(n) compact arrays only — about 20 bytes a comment of
columns, a band's 6 bytes and 8-byte sort keys while clustering, and the
candidate pairs (8 bytes each, about 1.4 a comment on campaign-like data) —
plus the ids of clustered comments and a bounded number of texts
(``report["method"]["retained_texts"]``), whatever the length of the texts.
Duplicate ids are found after pass 1 by their 64-bit hash (the later rows are
skipped, as ``read_comments_csv`` does). UTF-16 files cannot be cut into
blocks by bytes: they are read whole by ``read_comments_csv`` and analysed by
``analyze_comments``.

Workers are forked processes (the participant/id hashes are Python's string
hash, which forked workers share); ``workers=1`` runs everything in-process.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from renda.textio import read_bytes

from .bands import (
    SignatureFiles,
    band_pairs,
    cluster_representatives,
    count_equal,
    groups_of,
    jaccard_from_equal,
)
from .comments import (
    analyze_comments,
    method_of,
    parse_day,
    provision_label,
    provision_sort_key,
    report_of,
    settings,
)
from .csvio import (
    REQUIRED,
    UNKNOWN_ENCODING,
    CommentFileError,
    RowProblem,
    check_row,
    columns_of,
    read_comments_csv,
    records,
)
from .minhash import lsh_params, signatures
from .normalize import canonical_codepoints
from .words import keyword_score, keywords_from_tokens, segment, tokenizer

__all__ = ["StreamResult", "analyze_comments_file", "iter_blocks"]

BLOCK_BYTES = 16 << 20
Progress = Callable[[int, int], None]


@dataclass
class StreamResult:
    report: dict
    encoding: str
    rows: int
    problems: list[RowProblem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each phase


# ------------------------------------------------------------------ blocks


def iter_blocks(fh, size: int = BLOCK_BYTES) -> Iterator[bytes]:
    """Byte blocks of a CSV file, each ending at a line end that is not inside a quoted field."""
    carry = b""
    while True:
        data = fh.read(size)
        buf = carry + data
        if not data:
            if buf:
                yield buf
            return
        cut = buf.rfind(b"\n")
        quotes = buf.count(b'"', 0, cut) if cut >= 0 else 0
        while cut >= 0 and quotes % 2:
            prev = buf.rfind(b"\n", 0, cut)
            quotes -= buf.count(b'"', prev + 1 if prev >= 0 else 0, cut)
            cut = prev
        if cut < 0:
            carry = buf
            continue
        yield buf[: cut + 1]
        carry = buf[cut + 1 :]


@dataclass(frozen=True)
class _Layout:
    encoding: str
    delimiter: str
    width: int
    columns: tuple[int, int, int, int, int]  # id, provision, text, time, participant (-1 if none)
    num_perm: int
    seed: int
    shingle: int


def _header(path: Path) -> tuple[_Layout | None, int, str]:
    """(layout without signature settings, byte offset of the first data row, encoding); layout None = UTF-16."""
    head = read_bytes(path, CommentFileError, limit=1 << 16)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, 0, "utf-16"
    start = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    encoding = "utf-8-sig" if start else "utf-8"
    end = head.find(b"\n", start)
    line = head[start:] if end < 0 else head[start:end + 1]
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = line.decode("gb18030")
            encoding = "gb18030"
        except UnicodeDecodeError:
            raise CommentFileError(UNKNOWN_ENCODING) from None
    text = text.replace("\x00", "")
    if not text.strip() and end < 0:
        raise CommentFileError(f"文件是空的：{path}")
    delimiter = "\t" if "\t" in text and "," not in text else ","
    try:
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except (csv.Error, StopIteration) as exc:
        raise CommentFileError(f"第 1 行：表头格式错误（{exc}）") from None
    columns = columns_of(header)
    cols = (*(columns[c] for c in REQUIRED), columns.get("participant", -1))
    layout = _Layout(encoding, delimiter, len(header), cols, 0, 0, 0)
    return layout, start + len(line), encoding


# ------------------------------------------------------------------ workers


def _day_number(value: str) -> int:
    day = parse_day(value) if value else None
    return date.fromisoformat(day).toordinal() if day else 0


def _rows(block: bytes, first_line: int, layout: _Layout):
    """(line, id, provision, text, time, participant) of the usable rows of a block, and the problems."""
    text = block.decode("gb18030" if layout.encoding == "gb18030" else "utf-8").replace("\x00", "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=layout.delimiter)
    c_id, c_prov, c_text, c_time, c_person = layout.columns
    width = layout.width
    rows, problems, seen_rows = [], [], 0
    for start, row in records(reader, first_line):
        seen_rows += 1
        cid, body, skipped = check_row(row, width, c_id, c_text)
        if skipped:
            problems.append(RowProblem(start, skipped))
            continue
        rows.append((start, cid, row[c_prov].strip(), body, row[c_time].strip(),
                     row[c_person].strip() if c_person >= 0 else ""))
    return rows, problems, seen_rows


def _pass1(job: tuple[bytes, int, _Layout]) -> dict:
    block, first_line, layout = job
    rows, problems, seen_rows = _rows(block, first_line, layout)
    for line, _cid, _, _, when, _ in rows:
        if when and parse_day(when) is None:
            problems.append(RowProblem(line, f"提交时间“{when}”无法识别，按无日期统计", skipped=False))
    provs: dict[str, int] = {}
    texts = [r[3] for r in rows]
    sig = signatures(texts, num_perm=layout.num_perm, seed=layout.seed, k=layout.shingle)
    _, lengths = canonical_codepoints(texts) if texts else (None, np.zeros(0, dtype=np.int64))
    return {
        "rows": seen_rows,
        "problems": problems,
        "line": np.fromiter((r[0] for r in rows), dtype=np.int32, count=len(rows)),
        "id_hash": np.fromiter((hash(r[1]) for r in rows), dtype=np.int64, count=len(rows)),
        "prov": np.fromiter((provs.setdefault(r[2], len(provs)) for r in rows), dtype=np.int32, count=len(rows)),
        "provs": list(provs),
        "day": np.fromiter((_day_number(r[4]) for r in rows), dtype=np.int32, count=len(rows)),
        "person": np.fromiter((hash(r[5]) if r[5] else 0 for r in rows), dtype=np.int64, count=len(rows)),
        "length": np.minimum(lengths, 65535).astype(np.uint16),
        "sig": (sig & np.uint32(0xFF)).astype(np.uint8),
    }


def _pass2(job: tuple[bytes, int, _Layout, np.ndarray, np.ndarray]) -> tuple[list, list]:
    block, first_line, layout, want_id, want_text = job
    rows, _, _ = _rows(block, first_line, layout)
    return [rows[i][1] for i in want_id.tolist()], [(rows[i][1], rows[i][3]) for i in want_text.tolist()]


def _segment(texts: list[str]) -> list[list[str]]:
    return [segment(t) for t in texts]


class _Pool:
    """A fork pool of ``workers`` processes, or in-process mapping for ``workers <= 1``."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = multiprocessing.get_context("fork").Pool(workers) if workers > 1 else None

    def renew(self) -> None:
        """Fork fresh workers: they inherit what the main process has loaded since (jieba's dictionary)."""
        self.close()
        self.pool = multiprocessing.get_context("fork").Pool(self.workers) if self.workers > 1 else None

    def imap(self, fn, jobs):
        return self.pool.imap(fn, jobs) if self.pool else map(fn, jobs)

    def close(self) -> None:
        if self.pool:
            self.pool.close()
            self.pool.join()
            self.pool = None


# ------------------------------------------------------------------ analysis


def _candidates(sig: np.ndarray, valid: np.ndarray, bands: int, rows: int,
                chunk: int = 1 << 20) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (i < j) of an in-memory signature matrix (``bands.band_pairs`` on its column slices)."""
    return band_pairs(lambda b: sig[:, b * rows : (b + 1) * rows], sig.shape[0], valid, bands, None, chunk)


def _distinct_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Number of distinct ``b`` values per ``a`` value (b == 0 ignored), as an array indexed by ``a``.

    One ``a`` value at a time, so the temporaries are the size of one provision's rows, not of (a, b) pairs.
    """
    out = np.zeros(int(a.max()) + 1 if len(a) else 0, dtype=np.int64)
    for code in range(len(out)):
        values = b[a == code]
        out[code] = len(np.unique(values[values != 0]))
    return out


def _first_of_each(values: np.ndarray) -> np.ndarray:
    """True at the first occurrence of each value (what ``np.unique(..., return_index=True)`` keeps)."""
    order = np.argsort(values, kind="stable")
    values = values[order]
    later = np.zeros(len(values), dtype=bool)
    np.equal(values[1:], values[:-1], out=later[1:])
    del values
    keep = np.ones(len(order), dtype=bool)
    keep[order[later]] = False
    return keep


def _read_column(path: Path, dtype: np.dtype, tail: tuple, count: int, select: np.ndarray | None,
                 chunk: int = 1 << 20) -> np.ndarray:
    """A spilled column read back, only the rows where ``select`` is True (all rows for None), chunk by chunk."""
    width = int(np.prod(tail)) if tail else 1
    if select is None:
        return np.fromfile(path, dtype=dtype).reshape(count, *tail)
    out = np.empty((int(select.sum()), *tail), dtype=dtype)
    filled = 0
    with path.open("rb") as fh:
        for lo in range(0, count, chunk):
            k = min(chunk, count - lo)
            part = np.fromfile(fh, dtype=dtype, count=k * width).reshape(k, *tail)[select[lo : lo + k]]
            out[filled : filled + len(part)] = part
            filled += len(part)
    return out


def analyze_comments_file(
    path: str | Path,
    *,
    workers: int | None = None,
    block_bytes: int = BLOCK_BYTES,
    progress: Progress | None = None,
    **given: Any,
) -> StreamResult:
    """Analyse a comments CSV streamed from disk (see the module docstring). ``given``: the settings of
    ``analyze_comments`` (threshold, num_perm, shingle, seed, min_campaign_size, min_campaign_chars, keywords_k,
    keyword_sample, representatives), with its defaults."""
    chosen = settings(**given)
    path = Path(path)
    layout, offset, encoding = _header(path)
    if layout is None:  # UTF-16: not splittable by bytes; small exported files in practice
        read = read_comments_csv(path)
        if not read.comments:
            raise CommentFileError("文件中没有可分析的意见")
        report = analyze_comments(read.comments, **chosen)
        return StreamResult(report, read.encoding, read.rows, read.problems)
    layout = _Layout(layout.encoding, layout.delimiter, layout.width, layout.columns, chosen.pop("num_perm"),
                     chosen.pop("seed"), chosen.pop("shingle"))
    size = max(1, path.stat().st_size)
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    pool = _Pool(workers)
    try:
        return _run(path, layout, offset, encoding, size, pool, block_bytes, progress, **chosen)
    except UnicodeDecodeError:
        if layout.encoding == "gb18030":
            raise CommentFileError(UNKNOWN_ENCODING) from None
        layout = _Layout("gb18030", *list(layout.__dict__.values())[1:])
        return _run(path, layout, offset, "gb18030", size, pool, block_bytes, progress, **chosen)
    finally:
        pool.close()


def _jobs(path: Path, offset: int, layout: _Layout, block_bytes: int, extra=None) -> Iterator[tuple]:
    with path.open("rb") as fh:
        fh.seek(offset)
        line = 2
        for number, block in enumerate(iter_blocks(fh, block_bytes)):
            job = (block, line, layout) if extra is None else (block, line, layout, *extra(number))
            if extra is None or len(job[3]) or len(job[4]):
                yield job
            line += block.count(b"\n")


def _run(path, layout, offset, encoding, size, pool, block_bytes, progress, *, threshold, min_campaign_size,
         min_campaign_chars, keywords_k, keyword_sample, representatives) -> StreamResult:
    def report(done: float) -> None:
        if progress is not None:
            progress(min(size, int(done)), size)

    seconds: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        seconds[name] = round(now - clock[0], 3)
        clock[0] = now

    # jieba's dictionary is loaded by a thread of the main process while the workers read the file; the workers
    # that segment the keyword samples are forked afterwards and inherit it instead of loading it twice more.
    loading = threading.Thread(target=tokenizer, daemon=True)
    loading.start()

    # ---- pass 1: compact columns only, appended to one file per column in a temporary directory (nothing grows in
    # memory while the file is read); then the duplicate ids are found from the id hashes alone, and only the
    # columns the analysis needs are read back, the skipped rows filtered out chunk by chunk
    names = ("line", "id_hash", "prov", "day", "person", "length")
    bands, band_rows = lsh_params(threshold, layout.num_perm)
    col_groups = groups_of(layout.num_perm, bands, band_rows)
    prov_code: dict[str, int] = {}
    problems: list[RowProblem] = []
    rows_seen = 0
    block_rows: list[int] = []
    done_bytes = offset
    n_all = 0
    with tempfile.TemporaryDirectory(prefix="renda-comments-") as spill_dir:
        spill = Path(spill_dir)
        shape: dict[str, tuple[np.dtype, tuple]] = {}
        sig_files = SignatureFiles(spill, col_groups, 0)
        files = {name: (spill / name).open("wb") for name in names}
        group_files = [sig_files.path(g).open("wb") for g in range(len(col_groups))]
        try:
            for part in pool.imap(_pass1, _jobs(path, offset, layout, block_bytes)):
                rows_seen += part.pop("rows")
                problems.extend(part.pop("problems"))
                remap = np.array([prov_code.setdefault(p, len(prov_code)) for p in part.pop("provs")] or [0],
                                 dtype=np.int32)
                part["prov"] = remap[part["prov"]]
                k = len(part["line"])
                block_rows.append(k)
                sig_files.write(group_files, part.pop("sig"))
                for name in names:
                    column = np.ascontiguousarray(part.pop(name))
                    shape.setdefault(name, (column.dtype, column.shape[1:]))
                    column.tofile(files[name])
                n_all += k
                done_bytes += block_bytes
                report(0.6 * done_bytes)
        finally:
            for fh in [*files.values(), *group_files]:
                fh.close()
        if not n_all:
            raise CommentFileError("文件中没有可分析的意见")
        # Duplicate ids: later rows are skipped (as read_comments_csv does): the first row of each id hash is kept.
        keep = _first_of_each(np.fromfile(spill / "id_hash", dtype=np.int64))
        all_kept = bool(keep.all())
        # the id text of a skipped duplicate is only known in pass 2; report by line
        dup_lines = np.zeros(0, dtype=np.int32) if all_kept else _read_column(spill / "line", *shape["line"], n_all,
                                                                             ~keep)
        # file row number (among usable rows) of each analysed comment; None: every usable row is analysed
        kept_rows = None if all_kept else np.nonzero(keep)[0]
        select = None if all_kept else keep
        prov, day, person, length = (_read_column(spill / name, *shape[name], n_all, select)
                                     for name in ("prov", "day", "person", "length"))
        n = len(prov)
        # the signatures stay on disk, one column group (an LSH band) in memory at a time
        sig_files = SignatureFiles(spill, col_groups, n_all, select)

        lap("pass1")
        # ---- clustering
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        ci, cj = band_pairs(sig_files.load, n, length > 0, bands, spill)
        ok = jaccard_from_equal(count_equal(sig_files.load, len(col_groups), ci, cj), layout.num_perm)
        ok = ok >= threshold - 1e-6
        vi, vj = ci[ok], cj[ok]
        candidates, verified = len(ci), int(ok.sum())
        del ci, cj, ok
        graph = coo_matrix((np.ones(len(vi), dtype=np.int8), (vi, vj)), shape=(n, n))
        del vi, vj
        _, labels = connected_components(graph, directed=False)
        del graph
        labels = labels.astype(np.int32, copy=False)
        report(0.7 * size)
        # only the rows of clusters (2+ members) are ordered by label: no full-length order or run boundaries
        clustered = np.flatnonzero((np.bincount(labels) >= 2)[labels])
        order = clustered[np.argsort(labels[clustered], kind="stable")]
        del clustered
        cuts = np.nonzero(np.diff(labels[order]))[0] + 1
        starts = np.concatenate([[0], cuts]).astype(np.int64)
        ends = np.concatenate([cuts, [len(order)]]).astype(np.int64)
        if not len(order):
            starts = ends = np.zeros(0, dtype=np.int64)
        reps, cohesions = cluster_representatives(sig_files, order, starts, ends)

    groups = []  # (members, rep, cohesion, campaign)
    in_campaign = np.zeros(n, dtype=bool)
    rep_row_of_label = np.full(int(labels.max()) + 1 if n else 0, -1, dtype=np.int32 if n < 2**31 else np.int64)
    for g, rep, cohesion in zip(range(len(starts)), reps.tolist(), cohesions.tolist(), strict=True):
        members = order[starts[g] : ends[g]]
        campaign = len(members) >= min_campaign_size and length[rep] >= min_campaign_chars and cohesion >= threshold
        if campaign:
            in_campaign[members] = True
        rep_row_of_label[labels[rep]] = rep
        groups.append((members, rep, cohesion, campaign))
    del order, reps, cohesions
    groups.sort(key=lambda g: (-len(g[0]), int(g[0][0])))
    report(0.75 * size)

    lap("cluster")
    # ---- what pass 2 must fetch
    prov_names = sorted(prov_code, key=lambda p: prov_code[p])
    in_cluster = rep_row_of_label[labels] >= 0 if n else np.zeros(0, dtype=bool)
    key = np.arange(n, dtype=np.int64)  # the row whose text stands for each comment: its cluster's representative
    key[in_cluster] = rep_row_of_label[labels[in_cluster]]
    key |= prov.astype(np.int64) << np.int64(36)
    by_prov = np.unique(key)  # distinct (provision, row of the text)
    del key
    sample_of: dict[int, np.ndarray] = {}
    for code in range(len(prov_names)):
        lo, hi = np.searchsorted(by_prov >> np.int64(36), [code, code + 1])
        rows_ = by_prov[lo:hi] & np.int64((1 << 36) - 1)
        if len(rows_) > keyword_sample:
            rows_ = rows_[np.linspace(0, len(rows_) - 1, keyword_sample).astype(np.int64)]
        sample_of[code] = rows_
    want_text = np.unique(np.concatenate([*sample_of.values(), np.array([g[1] for g in groups], dtype=np.int64)]))
    want_id = np.nonzero(in_cluster)[0]
    # analysed row k is usable row kept_rows[k] of the file: turn into (block, index in block)
    block_start = np.concatenate([[0], np.cumsum(block_rows)])

    def split(rows_: np.ndarray) -> list[np.ndarray]:
        file_rows = rows_ if kept_rows is None else kept_rows[rows_]
        cut = np.searchsorted(file_rows, block_start)
        return [file_rows[cut[b] : cut[b + 1]] - block_start[b] for b in range(len(block_rows))]

    id_parts, text_parts = split(want_id), split(want_text)
    dup_rows = np.nonzero(~keep)[0]
    dup_parts = [dup_rows[(dup_rows >= block_start[b]) & (dup_rows < block_start[b + 1])] - block_start[b]
                 for b in range(len(block_rows))]
    # pass 2 asks for the duplicates' ids too (for their messages)
    want = [(np.concatenate([id_parts[b], dup_parts[b]]), text_parts[b]) for b in range(len(block_rows))]
    ids_fetched: list[str] = []
    dup_ids: list[str] = []
    texts: dict[int, str] = {}
    text_ids: dict[int, str] = {}
    jobs = _jobs(path, offset, layout, block_bytes, extra=lambda b: want[b])
    nonempty = [b for b in range(len(block_rows)) if len(want[b][0]) or len(want[b][1])]
    id_rows_done = 0
    text_rows = want_text
    text_pos = 0
    for b, (got_ids, got_texts) in zip(nonempty, pool.imap(_pass2, jobs), strict=True):
        k = len(id_parts[b])
        ids_fetched.extend(got_ids[:k])
        dup_ids.extend(got_ids[k:])
        id_rows_done += k
        for cid, text in got_texts:
            r = int(text_rows[text_pos])
            texts[r] = text
            text_ids[r] = cid
            text_pos += 1
        report(0.75 * size + 0.15 * size * (b + 1) / max(1, len(block_rows)))
    if len(ids_fetched) != len(want_id):
        raise RuntimeError("pass 2 fetched the wrong number of ids")

    # the id of an analysed row: by position in want_id (sorted), no dictionary over every clustered comment
    def ids_of(rows_: np.ndarray) -> list[str]:
        return [ids_fetched[p] for p in np.searchsorted(want_id, rows_).tolist()]

    def id_of(r: int) -> str:
        if r in text_ids:
            return text_ids[r]
        return ids_fetched[int(np.searchsorted(want_id, r))]
    dup_set = set(dup_lines.tolist())
    problems = [p for p in problems if p.skipped or p.line not in dup_set]  # a skipped row has one message
    for line, cid in zip(dup_lines.tolist(), dup_ids, strict=True):
        problems.append(RowProblem(int(line), f"编号 {cid} 重复"))
    problems.sort(key=lambda p: p.line)

    lap("pass2")
    # ---- keywords: segment the samples in the workers
    sample_rows = sorted({int(r) for rows_ in sample_of.values() for r in rows_.tolist()})
    chunks = [sample_rows[i : i + 500] for i in range(0, len(sample_rows), 500)]
    tokens: dict[int, list[str]] = {}
    loading.join()
    pool.renew()
    for rows_, toks in zip(chunks, pool.imap(_segment, [[texts[r] for r in c] for c in chunks]), strict=True):
        tokens.update(zip(rows_, toks, strict=True))
    report(0.95 * size)

    lap("keywords")
    # ---- clusters
    def day_iso(x: int) -> str:
        return date.fromordinal(x).isoformat()

    has_people = bool((person != 0).any())
    clusters = []
    name_of_label: dict[int, str] = {}
    for number, (members, rep, cohesion, campaign) in enumerate(groups, start=1):
        name = f"K{number:04d}"
        name_of_label[int(labels[rep])] = name
        d = day[members]
        d = d[d > 0]
        prov_counts = Counter(prov[members].tolist())
        clusters.append({
            "ids": ids_of(members),
            "size": len(members),
            "representative": texts[rep],
            "representative_id": id_of(rep),
            "campaign": bool(campaign),
            "cohesion": round(cohesion, 3),
            "provisions": {provision_label(prov_names[p]): c for p, c in
                           sorted(prov_counts.items(), key=lambda pc: provision_sort_key(prov_names[pc[0]]))},
            "participants": len(np.unique(person[members][person[members] != 0])) if has_people else None,
            "first_day": day_iso(int(d.min())) if len(d) else None,
            "last_day": day_iso(int(d.max())) if len(d) else None,
            "cluster": name,
        })
    # keys in the order analyze_comments gives them
    clusters = [{k: c[k] for k in ("ids", "size", "representative", "representative_id", "campaign", "cohesion",
                                  "provisions", "participants", "first_day", "last_day", "cluster")}
                for c in clusters]

    # ---- per provision
    n_prov = len(prov_names)
    per_count = np.bincount(prov, minlength=n_prov)
    per_campaign = np.bincount(prov[in_campaign], minlength=n_prov)
    per_distinct = _distinct_pairs(prov, labels + 1)
    cl_prov = prov[in_cluster]
    per_clusters = _distinct_pairs(cl_prov, labels[in_cluster] + 1) if len(cl_prov) else None
    per_people = _distinct_pairs(prov, person) if has_people else None
    per_provision = {}
    for code in sorted(range(n_prov), key=lambda c: provision_sort_key(prov_names[c])):
        p = prov_names[code]
        distinct_rows = [int(r) for r in sample_of[code].tolist()]
        kw = keywords_from_tokens((tokens[r] for r in distinct_rows), keywords_k)
        weights = dict(kw)
        reps = []
        here = in_cluster & (prov == code)
        lab_counts = Counter(labels[here].tolist())
        big_labels = [(lab, c) for lab, c in lab_counts.items()
                      if length[rep_row_of_label[lab]] >= min_campaign_chars]
        for lab, count in sorted(big_labels, key=lambda lc: (-lc[1], lc[0]))[:representatives]:
            r = int(rep_row_of_label[lab])
            reps.append({"id": id_of(r), "text": texts[r], "size": count, "cluster": name_of_label.get(lab)})
        singles = [r for r in distinct_rows if not in_cluster[r] and length[r] >= min_campaign_chars]
        singles.sort(key=lambda r: (-keyword_score(tokens[r], weights), r))
        for r in singles[: max(0, representatives)]:
            reps.append({"id": id_of(r), "text": texts[r], "size": 1, "cluster": None})
        per_provision[p] = {
            "label": provision_label(p),
            "comments": int(per_count[code]),
            "participants": int(per_people[code]) if per_people is not None and code < len(per_people) else (
                0 if has_people else None),
            "distinct": int(per_distinct[code]) if code < len(per_distinct) else 0,
            "clusters": int(per_clusters[code]) if per_clusters is not None and code < len(per_clusters) else 0,
            "campaign_comments": int(per_campaign[code]),
            "keywords": [{"word": w, "weight": s} for w, s in kw],
            "representatives": reps,
        }

    # ---- timeline
    known = day[day > 0]
    days_u, days_c = np.unique(known, return_counts=True)
    per_day = {day_iso(int(d)): int(c) for d, c in zip(days_u, days_c, strict=True)}
    cd = day[in_campaign & (day > 0)]
    cu, cc = np.unique(cd, return_counts=True)
    timeline = {
        "per_day": per_day,
        "campaign_per_day": {day_iso(int(d)): int(c) for d, c in zip(cu, cc, strict=True)},
        "unknown": int((day == 0).sum()),
        "peak_day": max(sorted(per_day), key=lambda d: per_day[d]) if per_day else None,
    }
    report(size)
    result = report_of(
        clusters, per_provision, timeline, n=n, distinct=int(labels.max()) + 1 if n else 0,
        in_campaigns=int(in_campaign.sum()),
        participants=len(np.unique(person[person != 0])) if has_people else None,
        method=method_of(shingle=layout.shingle, num_perm=layout.num_perm, threshold=threshold,
                         lsh=(bands, band_rows), min_campaign_size=min_campaign_size,
                         min_campaign_chars=min_campaign_chars, pairs=(candidates, verified), signature_bits=8,
                         streamed=True, retained_texts=len(texts),
                         retained_ids=len(want_id) + sum(1 for r in text_ids if not in_cluster[r])))
    lap("report")
    return StreamResult(result, encoding, rows_seen, problems, seconds)
