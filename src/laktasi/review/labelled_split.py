"""The labelled records' features split into shared and private columns, kept up to date as labels arrive.

The SVM of :mod:`laktasi.review.prioritise` iterates only over the *shared* columns (features two or more
labelled records have); a *private* column (one labelled record only) is solved in closed form and only adds
``pᵢ = Σ xᵢⱼ²`` to its record's cost. Rebuilding that split from the whole labelled matrix costs a few passes
over every labelled entry — at a thousand labels, more than the solve itself — and a simulation or a reviewer's
queue retrains after every label. So a :class:`LabelledSplit` is extended instead: one new record touches only
its own entries, plus, for each column it shares with exactly one earlier record, that record's entry (the
column turns shared).

Shared entries are stored in two parts so that a new record appends and never inserts: a record's own
entries in the columns already shared when it arrived (rows in labelling order: a compressed-row matrix that
grows at its end), and the entry an earlier record had in a column when that column turned shared (one per
column, kept as coordinates). Shared columns are numbered in the order they became shared.

A split is immutable to its users: extending it never changes what an earlier split holds (the growing
arrays are shared only while each extension continues the latest one; a second extension of the same split
copies).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class _Growing:
    """Over-allocated arrays that several splits view up to their own length; appended to in place only by
    the split that is its latest (``filled`` equals that split's length)."""

    def __init__(self, arrays: dict[str, npt.NDArray[np.generic]], filled: int) -> None:
        self.arrays = arrays
        self.filled = filled

    def append(self, length: int, extra: dict[str, npt.NDArray[np.generic]]) -> tuple[_Growing, int]:
        """The storage and length holding the first ``length`` entries followed by ``extra``."""
        k = len(next(iter(extra.values())))
        owner = self if self.filled == length else _Growing(
            {name: a[:length].copy() for name, a in self.arrays.items()}, length)
        need = length + k
        capacity = len(next(iter(owner.arrays.values())))
        if need > capacity:
            size = max(need, 2 * capacity, 1024)
            for name, a in owner.arrays.items():
                grown = np.empty(size, dtype=a.dtype)
                grown[:length] = a[:length]
                owner.arrays[name] = grown
        for name, values in extra.items():
            owner.arrays[name][length:need] = values
        owner.filled = need
        return owner, need


class SharedMatrix:
    """The labelled records' shared columns as a linear operator: ``x @ v``, ``xᵀ @ u`` and ``(x∘x)ᵀ @ u``.

    ``x`` is the sum of the own-entries part and the turned part (both records × shared columns)."""

    def __init__(self, own: sparse.csr_matrix, own_squared: sparse.csr_matrix, turned: sparse.csc_matrix,
                 turned_squared: sparse.csc_matrix) -> None:
        self.shape = own.shape
        self._own, self._own_t, self._own_squared_t = own, own.T, own_squared.T
        self._turned, self._turned_t, self._turned_squared_t = turned, turned.T, turned_squared.T
        self._has_turned = turned.nnz > 0

    def _sum(self, own: sparse.spmatrix, turned: sparse.spmatrix, v: FloatArray) -> FloatArray:
        out = own @ v
        if self._has_turned:
            out += turned @ v
        return np.asarray(out, dtype=np.float64)

    def matvec(self, v: FloatArray) -> FloatArray:
        return self._sum(self._own, self._turned, v)

    def rmatvec(self, u: FloatArray) -> FloatArray:
        return self._sum(self._own_t, self._turned_t, u)

    def rmatvec_squared(self, u: FloatArray) -> FloatArray:
        return self._sum(self._own_squared_t, self._turned_squared_t, u)


@dataclass(frozen=True)
class LabelledSplit:
    """The labelled records (feature-matrix rows, in labelling order) split into shared and private columns.

    ``shared_columns[k]`` is the feature-matrix column of shared column k; ``p[i]`` the sum of squares of
    record i's private values; ``counts[j]`` how many labelled records have feature j; for a private column j,
    ``owner[j]`` is the (position of the) record that has it and ``private_value[j]`` its value.
    """

    rows: IntArray
    counts: npt.NDArray[np.int32]
    compact: npt.NDArray[np.int32]
    owner: npt.NDArray[np.int32]
    private_value: FloatArray
    p: FloatArray
    n_shared: int
    indptr: IntArray              # of the own-entries part, one more than rows
    _own: _Growing                # col, value, square: each record's entries in already-shared columns
    _turned: _Growing             # row, value: the earlier record's entry when a column turned shared (its
    #                               column is implied: the turned columns are the last _n_turned shared ones)
    _n_turned: int
    _columns: _Growing            # col: the feature-matrix column of each shared column

    @property
    def shared_columns(self) -> IntArray:
        return np.asarray(self._columns.arrays["col"][:self.n_shared], dtype=np.int64)

    def matrix(self) -> SharedMatrix:
        """The shared part (records × shared columns)."""
        own, n = self._own.arrays, int(self.indptr[-1])
        shape = (len(self.rows), self.n_shared)
        # 32-bit row pointers, as the column indices: scipy would otherwise copy both to 64 bits on every build
        index = np.int32 if n < np.iinfo(np.int32).max else np.int64
        indptr = self.indptr.astype(index)
        cols = own["col"][:n].astype(index, copy=False)
        rows = sparse.csr_matrix((own["value"][:n], cols, indptr), shape=shape)
        rows_squared = sparse.csr_matrix((own["square"][:n], cols, indptr), shape=shape)
        # the turned entries are one per column, in column order, for the columns numbered after the last build
        t, k = self._turned.arrays, self._n_turned
        indptr = np.zeros(self.n_shared + 1, dtype=np.int32)
        indptr[self.n_shared - k + 1:] = np.arange(1, k + 1, dtype=np.int32)
        value = np.asarray(t["value"][:k], dtype=np.float64)
        turned = sparse.csc_matrix((value, t["row"][:k], indptr), shape=shape)
        turned_squared = sparse.csc_matrix((value * value, t["row"][:k], indptr), shape=shape)
        return SharedMatrix(rows, rows_squared, turned, turned_squared)

    def private_coef(self, per_record: FloatArray, n_features: int) -> FloatArray:
        """A weight per feature: ``per_record[owner] × value`` on the private columns, 0 elsewhere."""
        coef = np.zeros(n_features, dtype=np.float64)
        private = np.flatnonzero(self.counts == 1)
        coef[private] = per_record[self.owner[private]] * self.private_value[private]
        return coef

    def extended(self, matrix: sparse.csr_matrix, new_rows: IntArray) -> LabelledSplit:
        """This split with the records ``new_rows`` (rows of ``matrix``) labelled after the ones it holds."""
        counts, compact = self.counts.copy(), self.compact.copy()
        owner, private_value = self.owner.copy(), self.private_value.copy()
        p = np.concatenate([self.p, np.zeros(len(new_rows))])
        n_shared = self.n_shared
        new_cols: list[npt.NDArray[np.int32]] = []
        turned_row: list[npt.NDArray[np.int32]] = []
        turned_value: list[FloatArray] = []
        own_col: list[npt.NDArray[np.int32]] = []
        own_value: list[FloatArray] = []
        own_count: list[int] = []
        for offset, record in enumerate(new_rows):
            position = len(self.rows) + offset
            start, end = matrix.indptr[record], matrix.indptr[record + 1]
            cols = matrix.indices[start:end]
            values = matrix.data[start:end]
            before = counts[cols]
            fresh, turning = before == 0, before == 1
            # a column one earlier record had turns shared: it leaves that record's private part
            turned = cols[turning]
            previous_owner = owner[turned]
            np.subtract.at(p, previous_owner, private_value[turned] ** 2)
            compact[turned] = np.arange(n_shared, n_shared + len(turned), dtype=np.int32)
            n_shared += len(turned)
            new_cols.append(turned.astype(np.int32))
            turned_row.append(previous_owner)
            turned_value.append(private_value[turned])
            # this record's entries in shared columns (those that just turned included)
            in_shared = ~fresh
            own_col.append(compact[cols[in_shared]])
            own_value.append(values[in_shared])
            own_count.append(int(in_shared.sum()))
            # its private entries
            owner[cols[fresh]] = position
            private_value[cols[fresh]] = values[fresh]
            p[position] = float(np.square(values[fresh]).sum())
            counts[cols] += 1
        value = np.concatenate(own_value)
        own, _ = self._own.append(int(self.indptr[-1]), {
            "col": np.concatenate(own_col), "value": value, "square": value * value})
        indptr = np.concatenate([self.indptr, self.indptr[-1] + np.cumsum(own_count, dtype=np.int64)])
        turned_cols = np.concatenate(new_cols)
        turned, n_turned = self._turned.append(self._n_turned, {
            "row": np.concatenate(turned_row), "value": np.concatenate(turned_value)})
        columns, _ = self._columns.append(self.n_shared, {"col": turned_cols})
        return LabelledSplit(rows=np.concatenate([self.rows, np.asarray(new_rows, dtype=np.int64)]),
                             counts=counts, compact=compact, owner=owner, private_value=private_value, p=p,
                             n_shared=n_shared, indptr=indptr, _own=own, _turned=turned, _n_turned=n_turned,
                             _columns=columns)

    def continues(self, labelled: IntArray) -> bool:
        """Whether ``labelled`` is this split's records followed by others (so it can be extended)."""
        n = len(self.rows)
        return len(labelled) >= n and bool(np.array_equal(labelled[:n], self.rows))


def built(matrix: sparse.csr_matrix, labelled: IntArray) -> LabelledSplit:
    """The split of the ``labelled`` rows of ``matrix``, built in one vectorised pass (shared columns numbered
    in column order)."""
    xl = sparse.csr_matrix(matrix[labelled])
    n_rows, n_features = xl.shape
    counts = np.bincount(xl.indices, minlength=n_features).astype(np.int32)
    is_private = counts[xl.indices] == 1
    # entry positions once, then gathers (each boolean mask would scan every labelled entry again)
    private, keep = np.flatnonzero(is_private), np.flatnonzero(~is_private)
    entry_row = np.repeat(np.arange(n_rows, dtype=np.int32), np.diff(xl.indptr))
    private_cols, private_rows, private_values = xl.indices[private], entry_row[private], xl.data[private]
    owner = np.full(n_features, -1, dtype=np.int32)
    private_value = np.zeros(n_features)
    owner[private_cols] = private_rows
    private_value[private_cols] = private_values
    p = np.bincount(private_rows, weights=private_values ** 2, minlength=n_rows).astype(np.float64)
    shared_columns = np.flatnonzero(counts >= 2).astype(np.int32)
    compact = np.full(n_features, -1, dtype=np.int32)
    compact[shared_columns] = np.arange(len(shared_columns), dtype=np.int32)
    value = xl.data[keep]
    # each row's shared entries end where its entries end, less its private ones so far
    kept_before = np.zeros(xl.nnz + 1, dtype=np.int64)
    np.cumsum(~is_private, out=kept_before[1:])
    indptr = kept_before[xl.indptr]
    own: dict[str, npt.NDArray[np.generic]] = {"col": compact[xl.indices[keep]], "value": value,
                                               "square": value * value}
    no_turned: dict[str, npt.NDArray[np.generic]] = {"row": np.zeros(0, dtype=np.int32), "value": np.zeros(0)}
    return LabelledSplit(rows=np.asarray(labelled, dtype=np.int64), counts=counts, compact=compact, owner=owner,
                         private_value=private_value, p=p, n_shared=len(shared_columns), indptr=indptr,
                         _own=_Growing(own, len(value)), _turned=_Growing(no_turned, 0), _n_turned=0,
                         _columns=_Growing({"col": shared_columns}, len(shared_columns)))


# beyond this many new records, one vectorised build is quicker than extending record by record
EXTEND_AT_MOST = 32


def split_for(matrix: sparse.csr_matrix, labelled: IntArray, previous: LabelledSplit | None) -> LabelledSplit:
    """The split of the ``labelled`` rows of ``matrix``: ``previous`` extended when ``labelled`` continues it by
    a few records, else built afresh."""
    if (previous is None or len(previous.counts) != matrix.shape[1] or not previous.continues(labelled)
            or len(labelled) - len(previous.rows) > EXTEND_AT_MOST):
        return built(matrix, labelled)
    if len(previous.rows) == len(labelled):
        return previous
    return previous.extended(matrix, labelled[len(previous.rows):])
