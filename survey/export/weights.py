"""Design weights: the base weight of every row and the weighted population per stratum.

The base weight of a household and of each of its persons is 1 / the inclusion probability of its
EA (the frame's ``prob``). It is a design weight: no non-response or calibration adjustment is made
here. Summing it estimates the number of households and persons in each stratum.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc


def base_weight(prob: pa.Array) -> pa.Array:
    """1 / prob (the selection admits only 0 < prob <= 1)."""
    return pc.divide(pa.scalar(1.0), pc.cast(prob, pa.float64()))


@dataclass(frozen=True)
class StratumTotal:
    stratum: str
    eas: int
    households: int
    persons: int
    weighted_households: float
    weighted_persons: float

    def as_dict(self) -> dict[str, object]:
        return {
            "stratum": self.stratum,
            "eas": self.eas,
            "households": self.households,
            "persons": self.persons,
            "weighted_households": round(self.weighted_households, 3),
            "weighted_persons": round(self.weighted_persons, 3),
        }


class StratumTotals:
    """Counts and weighted counts per stratum, accumulated over household and person batches."""

    def __init__(self, ea_column: str) -> None:
        self.ea_column = ea_column
        self._eas: dict[str, set[str]] = {}
        self._counts: dict[tuple[str, str], list[float]] = {}

    def add(self, table: str, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        frame = pa.table(
            {
                "stratum": pc.fill_null(batch.column("stratum"), ""),
                "weight": batch.column("weight"),
            }
        )
        grouped = frame.group_by("stratum").aggregate([("weight", "sum"), ("weight", "count")])
        for stratum, total, count in zip(
            grouped.column("stratum").to_pylist(),
            grouped.column("weight_sum").to_pylist(),
            grouped.column("weight_count").to_pylist(),
            strict=True,
        ):
            entry = self._counts.setdefault((table, stratum), [0, 0.0])
            entry[0] += count
            entry[1] += total
        if table == "households":
            pairs = (
                pa.table({"stratum": frame.column("stratum"), "ea": batch.column(self.ea_column)})
                .group_by(["stratum", "ea"])
                .aggregate([])
            )
            for stratum, ea in zip(
                pairs.column("stratum").to_pylist(), pairs.column("ea").to_pylist(), strict=True
            ):
                self._eas.setdefault(stratum, set()).add(ea)

    def result(self) -> list[StratumTotal]:
        strata = sorted({stratum for _, stratum in self._counts})
        out = []
        for stratum in strata:
            hh = self._counts.get(("households", stratum), [0, 0.0])
            persons = self._counts.get(("persons", stratum), [0, 0.0])
            out.append(
                StratumTotal(
                    stratum=stratum,
                    eas=len(self._eas.get(stratum, ())),
                    households=int(hh[0]),
                    persons=int(persons[0]),
                    weighted_households=float(hh[1]),
                    weighted_persons=float(persons[1]),
                )
            )
        return out


def total(strata: list[StratumTotal]) -> StratumTotal:
    return StratumTotal(
        stratum="total",
        eas=sum(s.eas for s in strata),
        households=sum(s.households for s in strata),
        persons=sum(s.persons for s in strata),
        weighted_households=sum(s.weighted_households for s in strata),
        weighted_persons=sum(s.weighted_persons for s in strata),
    )
