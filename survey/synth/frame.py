"""The sampling frame: enumeration areas of one 街道 and the household listing.

EAs belong to communities (社区) of 山大路街道, 历城区, 济南市 (division code 370112001): the EA id is
the 12-digit community code plus a 3-digit EA number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from schemas import Questionnaire
from survey.synth.tables import typed

STREET_CODE = "370112001"
STREET_NAME = "山大路街道"
COMMUNITIES = [
    "闵子骞", "山大南路", "山大北路", "花园路", "洪楼", "七里河", "燕翅山", "文化东路",
    "和平路", "历山路", "工业南路", "二环东路", "华山", "东关", "解放东路", "荷花路",
]  # fmt: skip
EAS_PER_COMMUNITY = 8
MAX_REGULAR_PER_EA = 998
DEAD_HH_NO = "999"


@dataclass
class Plan:
    """Which households exist: per regular household its EA, number and kind; the EAs that also
    have a household all of whose members died (``999``)."""

    n_eas: int
    ea: np.ndarray  # EA index per regular household
    hh_no: np.ndarray  # 1.. within the EA
    collective: np.ndarray  # bool
    dead_eas: np.ndarray  # EA indices with a 999 household


def plan(rng: np.random.Generator, n_households: int, n_eas: int) -> Plan:
    if n_households < 1:
        raise ValueError("n_households must be at least 1")
    if not 1 <= n_eas <= n_households:
        raise ValueError(f"n_eas must be between 1 and n_households ({n_households}), not {n_eas}")
    n_dead = 0
    if n_households >= 20:
        n_dead = min(max(1, round(0.1 * n_eas)), n_households - n_eas)
    n_regular = n_households - n_dead
    weights = rng.uniform(0.8, 1.2, size=n_eas)
    share = (n_regular - n_eas) * weights / weights.sum()
    counts = 1 + np.floor(share).astype(np.int64)
    remainder = n_regular - counts.sum()
    counts[np.argsort(share - np.floor(share))[::-1][:remainder]] += 1
    if counts.max() > MAX_REGULAR_PER_EA:
        raise ValueError(
            f"{n_households} households in {n_eas} EAs exceed {MAX_REGULAR_PER_EA} per EA; "
            "pass a larger n_eas"
        )
    ea = np.repeat(np.arange(n_eas), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    hh_no = np.arange(n_regular) - starts + 1
    n_collective = round(0.02 * n_regular)
    collective = np.zeros(n_regular, dtype=bool)
    collective[rng.choice(n_regular, size=n_collective, replace=False)] = True
    dead_eas = np.sort(rng.choice(n_eas, size=n_dead, replace=False))
    return Plan(n_eas, ea, hh_no, collective, dead_eas)


def ea_ids(n_eas: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """EA ids, community (psu) codes and names."""
    per = max(EAS_PER_COMMUNITY, -(-n_eas // 999))
    index = np.arange(n_eas)
    community, number = index // per + 1, index % per + 1
    psu = np.array([f"{STREET_CODE}{c:03d}" for c in community])
    ids = np.array([f"{p}{k:03d}" for p, k in zip(psu, number, strict=True)])
    names = []
    for c, k in zip(community, number, strict=True):
        base = COMMUNITIES[(c - 1) % len(COMMUNITIES)]
        cycle = (c - 1) // len(COMMUNITIES)
        names.append(f"{STREET_NAME}{base}{cycle + 1 if cycle else ''}社区 第{k:03d}调查小区")
    return ids, psu, np.array(names)


def eas_table(q: Questionnaire, rng: np.random.Generator, n_eas: int) -> pd.DataFrame:
    ids, psu, names = ea_ids(n_eas)
    prob = np.round(rng.uniform(0.01, 0.05, size=n_eas), 4)
    return typed(
        q.tables["eas"],
        {"ea_id": ids, "name": names, "stratum": [i[:4] for i in ids], "psu": psu, "prob": prob},
    )


def unit_numbers(position: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Building and door numbers for the n-th dwelling of an EA: 24 dwellings per building, two
    stairwells (单元) of six floors with two doors each, e.g. building 3, door "2-402"."""
    building = position // 24 + 1
    j = position % 24
    unit, floor, door = j // 12 + 1, (j % 12) // 2 + 1, j % 2 + 1
    doors = [f"{u}-{f}{d:02d}" for u, f, d in zip(unit, floor, door, strict=True)]
    return building.astype(str), np.array(doors)


def listing_table(
    q: Questionnaire,
    ea_id: np.ndarray,
    hh_no: np.ndarray,
    head_name: np.ndarray,
    expected: np.ndarray,
) -> pd.DataFrame:
    """One listed row per household (``head_name`` None where unknown), in EA and number order."""
    order = np.lexsort((hh_no, ea_id))
    ea_sorted = ea_id[order]
    start = np.searchsorted(ea_sorted, ea_sorted, side="left")
    building, door = unit_numbers(np.arange(len(order)) - start)
    return typed(
        q.tables["listing"],
        {
            "ea_id": ea_sorted,
            "hh_no": hh_no[order],
            "building_no": building,
            "unit_no": door,
            "head_name": head_name[order],
            "expected_persons": expected[order],
        },
    )
