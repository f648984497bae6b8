"""Household items (H1–H7) computed from the roster so that the structure edits hold: H2 counts
the persons present and away (S-04, S-05), H3 the roster's infants (F-04), the floor area stays
within the per-person bounds (S-11); ``999`` households have no persons and no dwelling (S-07)."""

from __future__ import annotations

import numpy as np

from survey.synth.limits import Limits


def _count(hh: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(hh[mask], minlength=n)


def regular(
    rng: np.random.Generator,
    lim: Limits,
    collective: np.ndarray,
    hh: np.ndarray,
    residence: np.ndarray,
    age: np.ndarray,
    sex: np.ndarray,
) -> dict[str, np.ndarray]:
    """Household items for households 0..n-1 given flat person arrays (``hh`` = household)."""
    n = len(collective)
    present = _count(hh, residence == 1, n)
    dwelling = np.where(
        collective, 2, np.array([1, 3, 4, 5])[rng.choice(4, size=n, p=[0.95, 0.015, 0.025, 0.01])]
    )
    low, high = lim.area_per_person
    per_person = rng.uniform(max(12.0, low + 5), min(50.0, high / 4), size=n)
    area = np.rint(present * per_person)
    area = np.clip(area, np.floor(low * present) + 1, np.ceil(high * present) - 1)
    area = np.clip(area, 1, 9999).astype(np.int64)
    rooms = np.clip(np.rint(area / 28 + rng.normal(0, 0.6, size=n)), 1, 99).astype(np.int64)
    return {
        "hh_type": np.where(collective, 2, 1),
        "n_present": present,
        "n_away": _count(hh, residence != 1, n),
        "births_m": _count(hh, (age == 0) & (sex == 1), n),
        "births_f": _count(hh, (age == 0) & (sex == 2), n),
        "deaths_m": (rng.random(n) < 0.006).astype(np.int64),
        "deaths_f": (rng.random(n) < 0.006).astype(np.int64),
        "dwelling_type": dwelling,
        "floor_area": area,
        "rooms": rooms,
    }


def all_died(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """``999`` households: no persons, only H1 and H4 (H2 and H3 zero), no dwelling items."""
    zeros = np.zeros(n, dtype=np.int64)
    deaths = np.array([[1, 0], [0, 1], [1, 1], [1, 1]])[rng.integers(0, 4, size=n)]
    return {
        "hh_type": np.ones(n, dtype=np.int64),
        "n_present": zeros,
        "n_away": zeros,
        "births_m": zeros,
        "births_f": zeros,
        "deaths_m": deaths[:, 0],
        "deaths_f": deaths[:, 1],
    }
