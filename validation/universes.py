"""Which cells are applicable: each item's universe evaluated over a whole table.

For every item and row this gives two flags:

- ``applicable``: the universe holds (the field must be filled);
- ``undecided``: the universe cannot be decided because an answer it reads is blank *and* that
  answer should have been there (it is applicable itself, or undecided in turn). A blank that is
  blank because it is outside its own universe is a known "not applicable", so ``reason_away``
  (universe ``time_away >= 2``) is decided for a person whose ``hukou_place`` is 5 and
  ``time_away`` is rightly blank.

V-01 (blank but applicable) and V-02 (filled but not applicable) fire only on decided cells: a
blank birth year is one V-01, not a V-01 and a V-02 on every item whose universe reads ``age``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from schemas import Table
from schemas.expressions import Columns


@dataclass(frozen=True)
class Applicability:
    applicable: np.ndarray
    undecided: np.ndarray

    @property
    def required(self) -> np.ndarray:
        """Rows where the field is known to be applicable."""
        return self.applicable & ~self.undecided

    @property
    def excluded(self) -> np.ndarray:
        """Rows where the field is known not to be applicable."""
        return ~self.applicable & ~self.undecided


def applicability(
    table: Table,
    frame: pd.DataFrame,
    parent_unknown: Mapping[str, np.ndarray] | None = None,
    blank: Callable[[str], np.ndarray] | None = None,
) -> dict[str, Applicability]:
    """Applicability of every item of ``table`` over ``frame``.

    ``frame`` holds the table's items, its derived variables and any parent-table items its
    universes read; ``parent_unknown`` gives, for those parent items, the rows where their value
    is blank though it should be known. ``blank(name)`` gives a column's blank cells when the
    caller has them already.
    """
    n = len(frame)
    parent_unknown = parent_unknown or {}
    evaluated: dict[str, np.ndarray] = {}
    read: Columns = {}  # the columns the universes read, converted once
    results: dict[str, Applicability] = {}
    always = Applicability(np.ones(n, dtype=bool), np.zeros(n, dtype=bool))

    def unknown(name: str, stack: tuple[str, ...]) -> np.ndarray:
        if name in parent_unknown:
            return parent_unknown[name]
        missing = blank(name) if blank else frame[name].isna().to_numpy(dtype=bool)
        item = table.by_name.get(name)
        if item is None or item.universe_expr is None or name in stack:
            return missing
        state = resolve(name, stack)
        return missing & (state.applicable | state.undecided)

    def resolve(name: str, stack: tuple[str, ...] = ()) -> Applicability:
        if name in results:
            return results[name]
        expr = table.by_name[name].universe_expr
        if expr is None:
            return always
        if expr.source not in evaluated:
            evaluated[expr.source] = expr.evaluate(frame, read).to_numpy(dtype=bool)
        undecided = np.zeros(n, dtype=bool)
        for input_name in sorted(expr.names):
            undecided |= unknown(input_name, (*stack, name))
        results[name] = Applicability(evaluated[expr.source], undecided)
        return results[name]

    return {item.name: resolve(item.name) for item in table.items}
