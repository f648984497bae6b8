"""Fertility items of women (L3–L5) and who in a household is whose child.

A woman's children ever born are at least her own children in the household (plus some living
elsewhere), never more than ``age - 12`` or 15 (F-03); survivors never exceed births (F-01); she
reports a birth in the reference year exactly when one of her children in the household is an
infant (so F-02, F-04 and F-05 hold with the household's births).
"""

from __future__ import annotations

import numpy as np

from survey.synth.limits import Limits
from survey.synth.rosters import (
    CHILD_IN_LAW,
    CHILDREN,
    GRANDCHILDREN,
    HEAD,
    MOTHER,
    MOTHER_IN_LAW,
    OLDEST_CHILD,
    SIBLING,
    SPOUSE,
    Rosters,
)


def own_children(r: Rosters) -> tuple[np.ndarray, np.ndarray]:
    """Per household × slot: the number of the woman's own children in the household, and how
    many of them are infants (age 0)."""
    own = np.zeros(r.age.shape, dtype=np.int64)
    infants = np.zeros(r.age.shape, dtype=np.int64)
    family = ~r.collective
    female = (r.sex == 2) & r.present & family[:, None]
    rows = np.arange(len(r.age))

    def give(mother_slot: np.ndarray, has_mother: np.ndarray, slots: np.ndarray) -> None:
        kids = r.present[:, slots]
        own[rows[has_mother], mother_slot[has_mother]] += kids.sum(axis=1)[has_mother]
        babies = (kids & (r.age[:, slots] == 0)).sum(axis=1)
        infants[rows[has_mother], mother_slot[has_mother]] += babies[has_mother]

    mother = np.where(female[:, HEAD], HEAD, SPOUSE)
    give(mother, female[:, HEAD] | female[:, SPOUSE], CHILDREN)
    married_child = r.present[:, CHILD_IN_LAW]
    mother = np.where(female[:, OLDEST_CHILD], OLDEST_CHILD, CHILD_IN_LAW)
    has = married_child & (female[:, OLDEST_CHILD] | female[:, CHILD_IN_LAW])
    give(mother, has, GRANDCHILDREN)
    own[:, MOTHER] += np.where(female[:, MOTHER], 1 + r.present[:, SIBLING], 0)
    own[:, MOTHER_IN_LAW] += np.where(female[:, MOTHER_IN_LAW], 1, 0)
    return own, infants


def children_born(
    rng: np.random.Generator, age: np.ndarray, own: np.ndarray, lim: Limits
) -> tuple[np.ndarray, np.ndarray]:
    """Children ever born and children surviving, for flat arrays of women."""
    rate = np.select([age < 20, age < 30, age < 40, age < 50], [0.02, 0.25, 0.5, 0.8], 1.2)
    cap = np.minimum(lim.max_children_born, age - lim.mother_min_age)
    born = np.maximum(own, np.minimum(own + rng.poisson(rate), cap))
    elsewhere = np.maximum(born - own, 0)
    surviving = born - rng.binomial(elsewhere, 0.03)
    return born, surviving


def birth_last_year(infants: np.ndarray) -> np.ndarray:
    """L5 code from the number of the woman's infants: 1 none, 2 one, 3 two or more."""
    return np.minimum(infants, 2) + 1
