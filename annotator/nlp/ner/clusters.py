"""Word clusters from unlabelled text: words used in the same contexts share a cluster id.

Counts each word's left and right neighbours among the most frequent words, weights the counts
by positive pointwise mutual information, reduces them to dense vectors (truncated SVD) and
groups the vectors with k-means at three granularities, coarse to fine. A stand-in for Brown
clusters that runs in a minute with scikit-learn. Training time only; the pipeline stores the
resulting word -> ids table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

GRANULARITIES = (64, 256, 1024)


def word_clusters(
    sentences: Sequence[Sequence[str]],
    *,
    seed: int,
    min_count: int = 3,
    contexts: int = 3000,
    dims: int = 100,
    granularities: Sequence[int] = GRANULARITIES,
) -> dict[str, list[str]]:
    counts = Counter(w for words in sentences for w in words)
    vocab = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    if len(vocab) < max(granularities) * 2:
        return {}  # too little text to group words usefully
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    index = {w: i for i, w in enumerate(vocab)}
    context_index = {w.lower(): i for i, w in enumerate(vocab[:contexts])}
    rows, cols = [], []
    for words in sentences:
        lowered = [w.lower() for w in words]
        for i, w in enumerate(words):
            row = index.get(w)
            if row is None:
                continue
            for side, j in ((0, i - 1), (1, i + 1)):
                c = context_index.get(lowered[j]) if 0 <= j < len(words) else None
                if c is not None:
                    rows.append(row)
                    cols.append(side * contexts + c)
    matrix = sparse.coo_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(vocab), 2 * contexts)
    ).tocsr()
    matrix.sum_duplicates()
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col] + 1e-12))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    vectors = TruncatedSVD(n_components=dims, random_state=seed).fit_transform(ppmi)
    vectors = normalize(vectors)
    ids: list[list[str]] = [[] for _ in vocab]
    for k in granularities:
        labels = MiniBatchKMeans(
            n_clusters=k, random_state=seed, n_init=3, batch_size=4096
        ).fit_predict(vectors)
        for i, label in enumerate(labels):
            ids[i].append(str(int(label)))
    return {w: ids[i] for i, w in enumerate(vocab)}
