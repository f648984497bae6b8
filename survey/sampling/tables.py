"""The standard tables of a sample survey, each figure with its sampling error.

From an export's persons file (design variables ``stratum``, ``psu``, ``weight`` on every row):
the population by sex and five-year age group (the pyramid), by stratum and by prefecture (the
first four digits of the EA code, the statistical division code of the prefecture). Each figure
is an estimated total of persons with its Taylor SE, 95 % interval, design effect, degrees of
freedom and the persons counted. A stratum with a single PSU is centred at the grand mean
(``--lonely-psu adjust``): a conservative choice a published table can always make.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from survey.sampling.design import Design
from survey.sampling.estimation import Options, Request, estimate

DESIGN = Design(strata="stratum", psu="psu", weight="weight", lonely_psu="adjust")
TOP_AGE = 85  # the last group is 85+
ONE = "_person_"
COLUMNS = ["table", "sex", "age_group", "stratum", "prefecture", "estimate", "se", "ci_low",
           "ci_high", "deff", "df", "n"]  # fmt: skip
FIGURES = ["estimate", "se", "ci_low", "ci_high", "deff", "df", "n"]
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class StandardTables:
    sex_age: pd.DataFrame  # sex, age_group, estimate, se, ci_low, ci_high, ...
    by_stratum: pd.DataFrame
    by_prefecture: pd.DataFrame
    total: pd.Series

    def long(self) -> pd.DataFrame:
        """Every figure in one table (for the CSV download)."""
        parts = [
            self.total.to_frame().T.assign(table="total"),
            self.sex_age.assign(table="sex_age"),
            self.by_stratum.assign(table="stratum"),
            self.by_prefecture.assign(table="prefecture"),
        ]
        frame = pd.concat(parts, ignore_index=True)
        for column in COLUMNS:
            if column not in frame.columns:
                frame[column] = ""
        frame = frame[COLUMNS].astype(object)
        return frame.where(frame.notna(), "")

    @classmethod
    def from_long(cls, frame: pd.DataFrame) -> StandardTables:
        """The tables back from :meth:`long` as stored (text cells, blank where none)."""
        figures = frame[FIGURES].replace("", float("nan")).astype(float)
        typed = pd.concat([frame.drop(columns=FIGURES), figures], axis=1)

        def part(table: str, names: list[str]) -> pd.DataFrame:
            rows = typed[typed["table"] == table]
            return rows[[*names, *FIGURES]].reset_index(drop=True)

        total = part("total", [])
        return cls(
            sex_age=part("sex_age", ["sex", "age_group"]),
            by_stratum=part("stratum", ["stratum"]),
            by_prefecture=part("prefecture", ["prefecture"]),
            total=total.iloc[0] if len(total) else pd.Series(float("nan"), index=FIGURES),
        )


def age_group(age: pd.Series) -> pd.Series:
    """'0-4', '5-9', …, '85+' (blank where the age is unknown)."""
    years = pd.to_numeric(age, errors="coerce")
    low = (years.clip(upper=TOP_AGE) // 5 * 5).astype("Int64")
    labels = low.astype("string") + "-" + (low + 4).astype("string")
    return labels.where(low < TOP_AGE, "85+").where(years.notna())


def group_order() -> list[str]:
    return [f"{a}-{a + 4}" for a in range(0, TOP_AGE, 5)] + ["85+"]


def _figures(result: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    table = result.copy()
    parts = table["domain"].str.split(",", expand=True)
    for i, name in enumerate(names):
        table[name] = parts[i]
    return table[[*names, "estimate", "se", "ci_low", "ci_high", "deff", "df", "n"]]


def _quiet(share: float, line: str) -> None:
    """No progress to report."""


def standard_tables(
    persons: pd.DataFrame, label: str = "persons", progress: Progress = _quiet
) -> StandardTables:
    """The four tables of an export's persons; ``progress`` hears each one done (0.2 … 1)."""
    data = persons.copy()
    data[ONE] = 1.0
    data["age_group"] = age_group(data["age"]) if "age" in data.columns else pd.NA
    data["prefecture"] = data["ea_id"].astype(str).str[:4]
    ask = [Request("total", ONE)]
    total = estimate(data, DESIGN, ask, label=label).iloc[0]
    progress(0.4, "the population total")
    sex_age = estimate(data, DESIGN, ask, Options(by=["sex", "age_group"]), label=label)
    sex_age = _figures(sex_age, ["sex", "age_group"])
    order = {g: i for i, g in enumerate(group_order())}
    sex_age = sex_age.sort_values(
        ["sex", "age_group"], key=lambda c: c.map(order) if c.name == "age_group" else c
    )
    progress(0.6, "by sex and age group")
    strata = _figures(
        estimate(data, DESIGN, ask, Options(by=["stratum"]), label=label), ["stratum"]
    )
    progress(0.8, "by stratum")
    prefectures = estimate(data, DESIGN, ask, Options(by=["prefecture"]), label=label)
    progress(0.95, "by prefecture")
    return StandardTables(
        sex_age=sex_age.reset_index(drop=True),
        by_stratum=strata,
        by_prefecture=_figures(prefectures, ["prefecture"]),
        total=total[FIGURES],
    )
