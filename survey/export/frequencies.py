"""Frequencies and missing counts of the exported data, for the codebook.

Coded variables (and the stratum) get a count per code — every code of the list, also those that
never occur, then any value outside the list; numeric variables get n, min, max, mean (and the
sum for weights); free text gets only its filled and blank counts (a codebook never lists names).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from schemas import ItemType
from survey.export.columns import Column, Kind, Layout


def tabulated(column: Column) -> bool:
    """Whether a variable gets a count per value."""
    return bool(column.codes) or (column.kind == Kind.DESIGN and column.name == "stratum")


@dataclass
class _Tally:
    column: Column
    n: int = 0
    missing: int = 0
    counts: Counter[Any] = field(default_factory=Counter)
    low: Any = None
    high: Any = None
    total: float = 0.0

    def add(self, array: pa.Array) -> None:
        self.n += len(array)
        self.missing += array.null_count
        if tabulated(self.column):
            valued = array.drop_null()
            if len(valued):
                counted = pc.value_counts(valued)
                for value, count in zip(
                    counted.field("values").to_pylist(),
                    counted.field("counts").to_pylist(),
                    strict=True,
                ):
                    self.counts[value] += count
        if self.column.type != ItemType.TEXT and len(array) > array.null_count:
            extremes = pc.min_max(array)
            low, high = extremes["min"].as_py(), extremes["max"].as_py()
            self.low = low if self.low is None else min(self.low, low)
            self.high = high if self.high is None else max(self.high, high)
            self.total += float(pc.sum(array).as_py() or 0)

    def summary(self) -> dict[str, Any]:
        filled = self.n - self.missing
        out: dict[str, Any] = {"n": self.n, "filled": filled, "missing": self.missing}
        if tabulated(self.column):
            out["frequencies"] = self._frequencies()
        if self.column.type != ItemType.TEXT and filled and not tabulated(self.column):
            out["min"], out["max"] = self.low, self.high
            out["mean"] = round(self.total / filled, 6)
            if self.column.name == "weight":
                out["sum"] = round(self.total, 6)
        return out

    def _frequencies(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        listed = set()
        for code in self.column.value_labels:
            listed.add(code.value)
            rows.append(
                {
                    "value": code.value,
                    "zh": code.label.zh,
                    "en": code.label.en,
                    "count": self.counts.get(code.value, 0),
                }
            )
        for value in sorted(v for v in self.counts if v not in listed):
            rows.append({"value": value, "zh": None, "en": None, "count": self.counts[value]})
        return rows


class Frequencies:
    """Tallies of every column of one table, accumulated over its batches."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self._tallies = {column.name: _Tally(column) for column in layout.columns}

    def add(self, batch: pa.RecordBatch) -> None:
        for name, tally in self._tallies.items():
            tally.add(batch.column(name))

    def summary(self, name: str) -> dict[str, Any]:
        return self._tallies[name].summary()
