"""Metrics of large views on a sparse adjacency matrix: betweenness from many sources at once, label propagation.

networkx runs one breadth-first search per source in Python (1.6 s per source
on a view of 100,000 nodes). Here the searches of a batch of sources run
together, level by level, as sparse matrix products (Brandes' algorithm in
its algebraic form), and communities come from label propagation whose every
round is one sparse product. The sources are drawn as networkx draws them, so
sampled betweenness estimates the same quantity with the same sample.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from scipy import sparse

__all__ = ["adjacency", "betweenness", "label_propagation", "sample_sources"]

#: Cells (nodes x sources) of one batch of the betweenness search (memory: ~6 arrays of 8 bytes each).
BATCH_CELLS = 4_000_000


def adjacency(
    n: int, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray | None = None
) -> sparse.csr_matrix:
    """The symmetric n x n adjacency of undirected edges (repeated edges once, loops left out).

    Examples
    --------
    >>> import numpy as np
    >>> adjacency(3, np.array([0, 1, 1]), np.array([1, 0, 2])).toarray().tolist()
    [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    import numpy as np
    from scipy import sparse

    keep = rows != cols
    r, c = rows[keep], cols[keep]
    w = np.ones(len(r)) if weights is None else np.asarray(weights, dtype=float)[keep]
    lo, hi = np.minimum(r, c), np.maximum(r, c)
    A = sparse.coo_matrix((w, (lo, hi)), shape=(n, n)).tocsr()
    A.sum_duplicates()
    if weights is None:
        A.data[:] = 1.0
    return (A + A.T).tocsr()


def betweenness(A: sparse.csr_matrix, sources: list[int] | None = None) -> np.ndarray:
    """Betweenness of every node (unweighted shortest paths), normalised as networkx does.

    ``sources`` (None: every node, the exact value) are the sampled starts; with a
    sample the sums are scaled as ``networkx.betweenness_centrality(k=…)`` (3.6)
    scales them: a source stands for one pair fewer.

    Examples
    --------
    >>> import numpy as np
    >>> A = adjacency(3, np.array([0, 1]), np.array([1, 2]))
    >>> betweenness(A).tolist()
    [0.0, 1.0, 0.0]
    """
    import numpy as np

    n = A.shape[0]
    total = np.zeros(n)
    if n <= 2:
        return total
    pattern = A.copy()
    pattern.data[:] = 1.0
    starts = list(range(n)) if sources is None else list(sources)
    batch = max(1, min(len(starts), BATCH_CELLS // max(n, 1)))
    for at in range(0, len(starts), batch):
        src = np.array(starts[at : at + batch])
        b = len(src)
        cols = np.arange(b)
        dist = np.full((n, b), -1, dtype=np.int32)
        sigma = np.zeros((n, b))
        dist[src, cols] = 0
        sigma[src, cols] = 1.0
        frontier = np.zeros((n, b))
        frontier[src, cols] = 1.0
        level = 0
        while True:
            reach = pattern @ frontier
            new = (reach > 0) & (dist < 0)
            if not new.any():
                break
            level += 1
            dist[new] = level
            sigma[new] = reach[new]
            frontier = np.where(new, sigma, 0.0)
        delta = np.zeros((n, b))
        for d in range(level, 0, -1):
            at_d = dist == d
            share = np.where(at_d, (1.0 + delta) / np.where(at_d, sigma, 1.0), 0.0)
            back = pattern @ share
            above = dist == d - 1
            delta[above] += sigma[above] * back[above]
        delta[src, cols] = 0.0
        total += delta.sum(axis=1)
    big_n = n - 1  # pairs (s, t), s != t, that can pass through a node other than t (networkx 3.6's rule)
    if sources is None:
        return total / (big_n * (big_n - 1))
    k = len(starts)
    out = total / (k * (big_n - 1))
    if k > 1:
        out[np.array(starts)] = total[np.array(starts)] / ((k - 1) * (big_n - 1))
    return out


def sample_sources(nodes: list, k: int, seed: int) -> list:
    """The ``k`` sources networkx samples for ``betweenness_centrality(k=k, seed=seed)``."""
    return random.Random(seed).sample(nodes, k)


def label_propagation(A: sparse.csr_matrix, seed: int = 42, rounds: int = 30) -> np.ndarray:
    """A community label for every node: label propagation, every round one sparse product.

    Each node takes the label its neighbours carry with the most weight (ties: the
    smallest label). Nodes are updated in two halves drawn with ``seed``, one after
    the other, so that labels cannot swap back and forth; the rounds stop when no
    label changes (at most ``rounds``). Isolated nodes keep labels of their own.

    Examples
    --------
    >>> import numpy as np
    >>> A = adjacency(6, np.array([0, 0, 1, 3, 3, 4]), np.array([1, 2, 2, 4, 5, 5]))
    >>> label_propagation(A).tolist()
    [0, 0, 0, 3, 3, 3]
    """
    import numpy as np
    from scipy import sparse

    n = A.shape[0]
    labels = np.arange(n)
    if n == 0:
        return labels
    half = np.random.default_rng(seed).random(n) < 0.5
    coo = A.tocoo()
    has = np.diff(A.indptr) > 0
    for _ in range(rounds):
        changed = False
        for part in (half, ~half):
            votes = sparse.coo_matrix((coo.data, (coo.row, labels[coo.col])), shape=(n, n)).tocsr()
            votes.sum_duplicates()
            rows = np.repeat(np.arange(n), np.diff(votes.indptr))
            order = np.lexsort(
                (votes.indices, -votes.data, rows)
            )  # per row: most weight, then smallest label
            first = order[np.searchsorted(rows[order], np.flatnonzero(has))]
            best = labels.copy()
            best[has] = votes.indices[first]
            update = part & has & (best != labels)
            if update.any():
                labels = np.where(update, best, labels)
                changed = True
        if not changed:
            break
    return labels
