import numpy as np
from datasketch import MinHash, MinHashLSH

from renda.textmining.minhash import (
    cluster_signatures,
    lsh_params,
    shingle_hash32,
    shingles,
    signatures,
    to_lean_minhash,
)

TEXTS = [
    "我们是来自望湖街道的个体工商户，一共142人，希望立法机关修改第二十五条关于企业责任的条文。",
    "我们是来自望湖街道的个体工商户,一共142人，希望人大修改第二十五条关于企业责任的条文!!",
    "同意",
    "！！！",
    "建议在郊区道路适当放宽限速，通勤时间太长了。",
]


def test_signatures_equal_datasketch_minhash():
    for k in (1, 2, 3):
        sig = signatures(TEXTS, k=k)
        assert sig.shape == (len(TEXTS), 64) and sig.dtype == np.uint32
        for text, row in zip(TEXTS, sig, strict=True):
            mh = MinHash(num_perm=64, seed=1, hashfunc=shingle_hash32)
            for sh in shingles(text, k):
                mh.update(sh)
            assert np.array_equal(mh.hashvalues, row), (k, text)


def test_lean_minhash_works_in_datasketch_lsh():
    sig = signatures(TEXTS)
    lsh = MinHashLSH(threshold=0.5, num_perm=64)
    for i, row in enumerate(sig[:3]):
        lsh.insert(i, to_lean_minhash(row))
    assert set(lsh.query(to_lean_minhash(sig[0]))) == {0, 1}


def test_clustering_joins_copies_and_keeps_others_apart():
    sig = signatures(TEXTS)
    result = cluster_signatures(sig, 0.5)
    labels = result.labels
    assert labels[0] == labels[1]
    assert len({labels[0], labels[2], labels[3], labels[4]}) == 4
    assert [list(g) for g in result.groups()] == [[0, 1]]


def test_empty_texts_never_pair():
    sig = signatures(["！！", "", "。。。", "a"])
    assert (sig[:3] == 0xFFFFFFFF).all()
    assert len(set(cluster_signatures(sig, 0.5).labels.tolist())) == 4


def test_lsh_params_follow_the_threshold():
    bands_low, rows_low = lsh_params(0.4, 64)
    bands_high, rows_high = lsh_params(0.8, 64)
    assert bands_low * rows_low <= 64 and bands_high * rows_high <= 64
    assert (1 / bands_low) ** (1 / rows_low) < (1 / bands_high) ** (1 / rows_high)
