"""Text columns through Arrow compute kernels, the ones pandas' string methods call.

Called directly they skip the pandas wrapper (which costs more than the work for one household),
and a column of few distinct values (``ea_id`` and ``hh_no`` of the person table) is matched
once per distinct value instead of once per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_SAMPLE = 1024
_LARGE = 4 * _SAMPLE


def strings(column: pd.Series) -> pa.Array:
    """The column as one Arrow string array."""
    arrow = column.array.__arrow_array__()
    return arrow.combine_chunks() if isinstance(arrow, pa.ChunkedArray) else arrow


def _per_value(values: pa.Array, kernel: Callable[[pa.Array], pa.Array]) -> np.ndarray:
    """``kernel`` over the values (nulls give False), once per distinct value when repetitive."""
    if len(values) >= _LARGE:
        sample = values.slice(0, _SAMPLE)
        if pc.count_distinct(sample).as_py() * 4 <= _SAMPLE:
            encoded = pc.dictionary_encode(values)
            result = pc.take(kernel(encoded.dictionary), encoded.indices)
            return _booleans(result)
    return _booleans(kernel(values))


def _booleans(result: pa.Array | pa.ChunkedArray) -> np.ndarray:
    filled = pc.fill_null(result, False)
    return np.asarray(filled.to_numpy(zero_copy_only=False), dtype=bool)


def matches(column: pd.Series, pattern: str) -> np.ndarray:
    """Rows matching the regular expression at their start, like ``Series.str.match`` (RE2
    syntax); blanks do not match."""
    anchored = pattern if pattern.startswith("^") else "^" + pattern
    return _per_value(strings(column), lambda v: pc.match_substring_regex(v, anchored))


def contains(column: pd.Series, pattern: str) -> np.ndarray:
    """Rows containing a match of the regular expression anywhere; blanks do not."""
    return _per_value(strings(column), lambda v: pc.match_substring_regex(v, pattern))


def within(column: pd.Series, allowed: Iterable[object]) -> np.ndarray:
    """Rows whose value is one of ``allowed``; blanks are not."""
    value_set = pa.array([str(v) for v in allowed], type=pa.string())
    return _per_value(strings(column), lambda v: pc.is_in(v, value_set=value_set.cast(v.type)))


def lengths(column: pd.Series) -> np.ndarray:
    """Length in characters of each value, NaN for blanks."""
    counted = pc.utf8_length(strings(column))
    return np.asarray(counted.to_numpy(zero_copy_only=False), dtype="float64")
