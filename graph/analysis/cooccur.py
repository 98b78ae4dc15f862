"""Which rows of a sparse incidence share columns, and how many — within their scope, ranked, in blocks.

The pair questions (shared goals, shared themes, the actors view) are a
co-occurrence product ``A Aᵀ`` of an actor × item incidence ``A``. Rows carry a
scope; a pair is two rows of one scope. Each row's columns are moved into a
column range of its scope, so that the product pairs only rows of one scope and
its cost follows the number of pairs that exist, never all pairs. The product
is taken in blocks of rows whose pairs fit :data:`BLOCK_WORK`, so memory stays
bounded however large the answer:

- with ``top``, only the ``top`` strongest pairs per scope are kept;
- without, every pair is yielded in rank order; a scope larger than one block
  is sorted by spilling its pairs to temporary files, one per count, and read
  back strongest first (a bucket sort: counts are small integers).

Rank order: scope, then count (descending), then row, then column — with rows
sorted by id within their scope this is the catalogue queries' ``ORDER BY``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from scipy import sparse

__all__ = ["BLOCK_WORK", "SPILL_CHUNK", "column_counts", "pair_counts", "scoped"]

#: Upper bound of the pairs one block of rows may produce (sets its memory: ~16 bytes a pair).
BLOCK_WORK = 4_000_000
#: Pairs read back at once from a spill file.
SPILL_CHUNK = 1_000_000

Chunk = tuple["np.ndarray", "np.ndarray", "np.ndarray"]


def scoped(
    rows: np.ndarray, cols: np.ndarray, scope: np.ndarray, n_cols: int
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The 0/1 incidence of (row, column) pairs, with a column per scope and column that occurs.

    ``scope[r]`` is row ``r``'s scope (0 … k-1, not decreasing with ``r``);
    repeated pairs count once. Returns the matrix and, for each of its columns,
    ``scope * n_cols + column`` (sorted), so that only columns that occur take room.

    Examples
    --------
    >>> import numpy as np
    >>> A, key = scoped(np.array([0, 0, 1, 2]), np.array([1, 1, 0, 1]), np.array([0, 0, 1]), 2)
    >>> A.toarray().tolist(), key.tolist()
    ([[0, 1, 0], [1, 0, 0], [0, 0, 1]], [0, 1, 3])
    """
    import numpy as np
    from scipy import sparse

    shifted = scope[rows].astype(np.int64) * n_cols + cols
    keys, compact = np.unique(shifted, return_inverse=True)
    A = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, compact.reshape(-1))), shape=(len(scope), len(keys))
    )
    A.sum_duplicates()
    A.data[:] = 1
    return A, keys


def column_counts(A: sparse.csr_matrix) -> np.ndarray:
    """How many rows have each column (the actors of an item in its scope)."""
    import numpy as np

    return np.bincount(A.indices, minlength=A.shape[1])


def _blocks(A: sparse.csr_matrix, budget: int) -> Iterator[tuple[int, int]]:
    """Row ranges whose products hold at most about ``budget`` pairs (a row alone may hold more)."""
    import numpy as np

    work = A @ column_counts(A).astype(np.int64)
    ends = np.cumsum(work)
    start = 0
    n = A.shape[0]
    while start < n:
        base = ends[start - 1] if start else 0
        stop = int(np.searchsorted(ends, base + budget, side="right"))
        stop = max(stop, start + 1)
        yield start, min(stop, n)
        start = stop


def _block_pairs(A, AT, start: int, stop: int, scope: np.ndarray) -> Chunk:
    """Pairs (r < c) of rows ``start:stop`` with every later row of their scope, in rank order."""
    import numpy as np

    B = (A[start:stop] @ AT).tocoo()
    r = B.row.astype(np.int64) + start
    c = B.col.astype(np.int64)
    keep = c > r
    r, c, n = r[keep], c[keep], B.data[keep].astype(np.int64)
    order = np.lexsort((c, r, -n, scope[r]))
    return r[order], c[order], n[order]


def _top_per_scope(chunk: Chunk, scope: np.ndarray, top: int) -> Chunk:
    """The first ``top`` pairs of every scope of a chunk in rank order."""
    import numpy as np

    r, c, n = chunk
    if not len(r):
        return chunk
    s = scope[r]
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
    first = np.repeat(starts, np.diff(np.r_[starts, len(s)]))
    keep = np.arange(len(s)) - first < top
    return r[keep], c[keep], n[keep]


def _merge(a: Chunk, b: Chunk, scope: np.ndarray) -> Chunk:
    import numpy as np

    r, c, n = (np.concatenate([x, y]) for x, y in zip(a, b, strict=True))
    order = np.lexsort((c, r, -n, scope[r]))
    return r[order], c[order], n[order]


def _split_at(chunk: Chunk, scope: np.ndarray, first_open: int) -> tuple[Chunk, Chunk]:
    """The pairs of scopes before ``first_open`` (finished) and the rest."""
    r, c, n = chunk
    done = scope[r] < first_open
    return (r[done], c[done], n[done]), (r[~done], c[~done], n[~done])


def pair_counts(
    A: sparse.csr_matrix, scope: np.ndarray, *, top: int | None = None, budget: int = BLOCK_WORK
) -> Iterator[Chunk]:
    """Yield ``(rows, cols, counts)`` of every pair of rows of one scope that share a column.

    ``A`` comes from :func:`scoped`; ``rows < cols``; chunks come in rank order
    (scope, count descending, row, column). ``top`` keeps the strongest ``top``
    pairs of each scope.

    Examples
    --------
    >>> import numpy as np
    >>> scope = np.array([0, 0, 0, 1, 1])
    >>> A, _ = scoped(np.array([0, 0, 1, 1, 2, 3, 4]), np.array([0, 1, 0, 1, 1, 0, 0]), scope, 2)
    >>> [(r.tolist(), c.tolist(), n.tolist()) for r, c, n in pair_counts(A, scope)]
    [([0, 0, 1, 3], [1, 2, 2, 4], [2, 1, 1, 1])]
    >>> [(r.tolist(), n.tolist()) for r, c, n in pair_counts(A, scope, top=1, budget=1)]
    [([0], [2]), ([3], [1])]
    """

    n_rows = A.shape[0]
    AT = A.T.tocsr()
    kept: Chunk | None = None
    spill: _Spill | None = None
    for start, stop in _blocks(A, budget):
        chunk = _block_pairs(A, AT, start, stop, scope)
        next_scope = int(scope[stop]) if stop < n_rows else int(scope[-1]) + 1
        if top is not None:
            chunk = _top_per_scope(chunk, scope, top)
            kept = chunk if kept is None else _top_per_scope(_merge(kept, chunk, scope), scope, top)
            done, kept = _split_at(kept, scope, next_scope)
            if len(done[0]):
                yield done
            continue
        # every pair: scopes that end in this block and began in it go out as they are
        open_scope = int(scope[start]) if spill is not None else -1
        before = scope[chunk[0]] == open_scope
        if spill is not None:
            spill.add(tuple(x[before] for x in chunk))
            chunk = tuple(x[~before] for x in chunk)
            if next_scope != open_scope:
                yield from spill.drain()
                spill = None
        done, rest = _split_at(chunk, scope, next_scope)
        if len(done[0]):
            yield done
        if len(rest[0]) or (stop < n_rows and scope[stop - 1] == scope[stop]):
            spill = spill or _Spill()
            spill.add(rest)
    if spill is not None:
        yield from spill.drain()
    if kept is not None and len(kept[0]):
        yield kept


class _Spill:
    """Pairs of one scope kept on disk, one file per count, read back strongest first."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="sozialgraph-pairs-")
        self.counts: set[int] = set()

    def add(self, chunk: Chunk) -> None:
        import numpy as np

        r, c, n = chunk
        for count in np.unique(n).tolist():
            mine = n == count
            with open(Path(self.folder.name) / f"{count}.bin", "ab") as handle:
                np.stack([r[mine], c[mine]], axis=1).astype(np.int64).tofile(handle)
            self.counts.add(count)

    def drain(self) -> Iterator[Chunk]:
        import numpy as np

        try:
            for count in sorted(self.counts, reverse=True):
                with open(Path(self.folder.name) / f"{count}.bin", "rb") as handle:
                    while True:
                        pairs = np.fromfile(handle, dtype=np.int64, count=2 * SPILL_CHUNK).reshape(-1, 2)
                        if not len(pairs):
                            break
                        yield pairs[:, 0], pairs[:, 1], np.full(len(pairs), count, dtype=np.int64)
        finally:
            self.folder.cleanup()
