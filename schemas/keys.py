"""Household keys as integers: equal (``ea_id``, ``hh_no``) pairs get equal codes across frames.

Rules, the store and the coverage figures all need to find a household's row from another
table's row; factorising the two key columns once and comparing integers with numpy is much
cheaper than merging frames on strings, and costs the same for one household or ten million.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

HOUSEHOLD_NUMBER = "^(00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})$"
"""A household number in every survey: three ASCII digits, 001 to 999 (999: all members died)."""


def shared_codes(*columns: pd.Series) -> list[np.ndarray]:
    """Integer codes of the values of several columns, equal where the values are equal;
    ``-1`` for blanks. Comparing codes with numpy beats comparing strings."""
    sizes = np.cumsum([0, *(len(column) for column in columns)])
    if all(_arrow_text(column) for column in columns):  # in C, without a concatenated Series
        chunks = [pa.chunked_array(column.array.__arrow_array__()) for column in columns]
        joined = pa.chunked_array([c.cast(pa.large_string()) for c in chunks], pa.large_string())
        indices = pc.fill_null(joined.dictionary_encode().combine_chunks().indices, -1)
        codes = indices.to_numpy(zero_copy_only=False).astype(np.int64)
    else:
        codes = pd.factorize(pd.concat(columns, ignore_index=True))[0].astype(np.int64)
    return [codes[start:stop] for start, stop in pairwise(sizes)]


def _arrow_text(column: pd.Series) -> bool:
    return isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"


def key_codes(*frames: pd.DataFrame) -> list[np.ndarray]:
    """One integer per (``ea_id``, ``hh_no``) shared by the frames; ``-1`` where either is blank.

    Each key column is factorised on its own (few distinct EAs and household numbers), which is
    much cheaper than joining and hashing the key strings."""
    ea = np.concatenate(shared_codes(*(frame["ea_id"] for frame in frames)))
    hh = np.concatenate(shared_codes(*(frame["hh_no"] for frame in frames)))
    width = int(hh.max(initial=0)) + 1
    combined = np.where((ea >= 0) & (hh >= 0), ea * width + hh, -1)
    sizes = np.cumsum([0, *(len(frame) for frame in frames)])
    return [combined[start:stop] for start, stop in pairwise(sizes)]


def lookup_rows(codes: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """For each wanted code, the first row of ``codes`` holding it; ``-1`` when none does (or the
    code is blank, ``-1``). A sorted search, not a join."""
    keyed = np.flatnonzero(codes >= 0)
    if keyed.size == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    order = keyed[np.argsort(codes[keyed], kind="stable")]
    ordered = codes[order]
    slot = np.minimum(np.searchsorted(ordered, wanted), len(ordered) - 1)
    found = (wanted >= 0) & (ordered[slot] == wanted)
    return np.where(found, order[slot], -1)


__all__ = ["key_codes", "lookup_rows", "shared_codes"]
