"""Household compositions drawn as arrays: one row per household, one column per roster slot.

A family household has fixed slots (head, spouse, four children, a child-in-law, two grandchildren,
the head's parents, the spouse's parents, a grandparent, a sibling); a slot is filled or empty.
Ages are drawn relative to the head so that every kinship edit holds with a margin (see
:class:`~survey.synth.limits.Limits`). A collective household uses slot 0 for the person responsible
and the following slots for its other members. Sexes are left to :mod:`survey.synth.balance`
except where kinship fixes them (spouse opposite the head, father and mother).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from survey.synth.limits import MOTHER_MAX_AGE, Limits

Rng = np.random.Generator
Array = np.ndarray

N_SLOTS = 15
HEAD, SPOUSE = 0, 1
CHILDREN = np.arange(2, 6)
OLDEST_CHILD = 2
CHILD_IN_LAW = 6
GRANDCHILDREN = np.arange(7, 9)
FATHER, MOTHER, FATHER_IN_LAW, MOTHER_IN_LAW, GRANDPARENT, SIBLING = range(9, 15)
SLOT_RELATIONSHIP = np.array([0, 1, 2, 2, 2, 2, 6, 7, 7, 3, 3, 4, 4, 5, 8])

# Relative weight of each head age (interpolated between these points).
_HEAD_AGE_POINTS = (
    [18, 22, 28, 35, 50, 60, 70, 80, 90, 100],
    [0.2, 0.6, 1.4, 1.8, 2.0, 1.9, 1.3, 0.6, 0.12, 0.01],
)


@dataclass
class Rosters:
    """Households × slots. ``sex`` is 0 where :mod:`survey.synth.balance` still has to choose."""

    present: np.ndarray  # bool
    age: np.ndarray  # int, -1 where absent
    relationship: np.ndarray  # int
    sex: np.ndarray  # int: 1 male, 2 female, 0 not yet chosen
    collective: np.ndarray  # bool, per household

    @property
    def size(self) -> np.ndarray:
        return self.present.sum(axis=1)

    @staticmethod
    def concat(parts: list[Rosters]) -> Rosters:
        return Rosters(
            *(np.concatenate([getattr(p, f) for p in parts]) for f in Rosters.__annotations__)
        )


def _uniform(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """An integer in [low, high] per element (high >= low where it matters)."""
    span = np.maximum(high - low + 1, 1)
    return low + (rng.random(low.shape) * span).astype(np.int64)


def _choose(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One category per row of a row-stochastic matrix."""
    cumulative = np.cumsum(probs, axis=1)
    cumulative /= cumulative[:, -1:]
    return (rng.random((len(probs), 1)) > cumulative).sum(axis=1)


def head_ages(rng: np.random.Generator, n: int, lim: Limits) -> np.ndarray:
    ages = np.arange(18, lim.max_age + 1)
    weights = np.interp(ages, *_HEAD_AGE_POINTS)
    return rng.choice(ages, size=n, p=weights / weights.sum())


def family(rng: np.random.Generator, n: int, lim: Limits) -> Rosters:
    present = np.zeros((n, N_SLOTS), dtype=bool)
    age = np.full((n, N_SLOTS), -1, dtype=np.int64)
    sex = np.zeros((n, N_SLOTS), dtype=np.int64)
    head = head_ages(rng, n, lim)
    present[:, HEAD] = True
    age[:, HEAD] = head

    alone = rng.random(n) < np.select([head < 30, head < 60, head < 75], [0.2, 0.05, 0.12], 0.25)
    married_share = np.select(
        [head < lim.marry_age, head < 28, head < 70, head < 80], [0.0, 0.55, 0.85, 0.7], 0.45
    )
    couple = ~alone & (rng.random(n) < married_share)
    sex[:, HEAD] = np.where(rng.random(n) < np.where(couple, 0.78, 0.45), 1, 2)
    _spouse(rng, couple, present, age, sex, lim)
    _children(rng, alone, couple, present, age, lim)
    _grandchildren(rng, present, age, lim)
    _parents(rng, alone, couple, present, age, sex, lim)
    _grandparent_and_sibling(rng, alone, couple, present, age, lim)

    keep = present & (np.cumsum(present, axis=1) <= lim.max_size)
    age[~keep] = -1
    sex[~keep] = 0
    relationship = np.broadcast_to(SLOT_RELATIONSHIP, (n, N_SLOTS)).copy()
    return Rosters(keep, age, relationship, sex, np.zeros(n, dtype=bool))


def _spouse(rng: Rng, couple: Array, present: Array, age: Array, sex: Array, lim: Limits) -> None:
    head = age[:, HEAD]
    older_head = np.where(sex[:, HEAD] == 1, 2, -2)  # husbands are usually a little older
    gap = np.clip(np.rint(rng.normal(older_head, 3.0)), -lim.spouse_gap, lim.spouse_gap)
    spouse = head - gap.astype(np.int64)
    # Too young to be married: a few years above the youngest marriage age instead of piling up
    # on it (heads are at least marry_age, so the gap stays small).
    young = spouse < lim.marry_age
    spouse[young] = np.minimum(head[young], lim.marry_age + rng.integers(0, 5, size=young.sum()))
    spouse = np.minimum(spouse, lim.max_age)
    present[:, SPOUSE] = couple
    age[:, SPOUSE] = np.where(couple, spouse, -1)
    sex[:, SPOUSE] = np.where(couple, 3 - sex[:, HEAD], 0)


def _children(
    rng: Rng, alone: Array, couple: Array, present: Array, age: Array, lim: Limits
) -> None:
    head = age[:, HEAD]
    spouse = np.where(couple, age[:, SPOUSE], head)
    younger, older = np.minimum(head, spouse), np.maximum(head, spouse)
    high = younger - lim.child_gap
    low = np.maximum(0, older - MOTHER_MAX_AGE)
    probs = np.select(
        [
            (couple & (younger < 45))[:, None],
            (couple & (younger < 60))[:, None],
            couple[:, None],
        ],
        [
            np.array([0.08, 0.32, 0.42, 0.14, 0.04]),
            np.array([0.25, 0.45, 0.22, 0.06, 0.02]),
            np.array([0.6, 0.3, 0.08, 0.02, 0.0]),
        ],
        np.array([0.25, 0.45, 0.2, 0.1, 0.0]),
    )
    count = np.where(alone | (high < low), 0, _choose(rng, probs))
    ages = _uniform(rng, np.repeat(low[:, None], 4, 1), np.repeat(high[:, None], 4, 1))
    has = np.arange(4)[None, :] < count[:, None]
    ages = -np.sort(-np.where(has, ages, -1), axis=1)  # oldest first, absent (-1) last
    present[:, CHILDREN] = has
    age[:, CHILDREN] = ages


def _grandchildren(rng: Rng, present: Array, age: Array, lim: Limits) -> None:
    n = len(present)
    child = age[:, OLDEST_CHILD]
    married = (child >= lim.marry_age + 1) & (rng.random(n) < 0.5)
    in_law = np.minimum(child + rng.integers(-3, 4, size=n), lim.max_age)
    in_law = np.where(in_law < lim.marry_age, child, in_law)
    present[:, CHILD_IN_LAW] = married
    age[:, CHILD_IN_LAW] = np.where(married, in_law, -1)
    younger, older = np.minimum(child, in_law), np.maximum(child, in_law)
    high = np.minimum(younger - lim.child_gap, age[:, HEAD] - lim.grandchild_gap)
    low = np.maximum(0, older - MOTHER_MAX_AGE)
    count = np.where(married & (high >= low), _choose(rng, np.tile([0.35, 0.45, 0.2], (n, 1))), 0)
    has = np.arange(2)[None, :] < count[:, None]
    ages = _uniform(rng, np.repeat(low[:, None], 2, 1), np.repeat(high[:, None], 2, 1))
    present[:, GRANDCHILDREN] = has
    age[:, GRANDCHILDREN] = np.where(has, ages, -1)


def _parent_pair(
    rng: Rng, want: Array, base: Array, lim: Limits
) -> tuple[Array, Array, Array, Array]:
    n = len(want)
    father = base + lim.parent_gap + rng.integers(0, 17, size=n)
    mother = base + lim.parent_gap + rng.integers(0, 17, size=n)
    both = rng.random(n) < 0.7
    has_father = want & (both | (rng.random(n) < 0.25)) & (father <= lim.max_age)
    has_mother = want & (both | ~has_father) & (mother <= lim.max_age)
    return has_father, father, has_mother, mother


def _parents(
    rng: Rng, alone: Array, couple: Array, present: Array, age: Array, sex: Array, lim: Limits
) -> None:
    n = len(alone)
    head = age[:, HEAD]
    share = np.where(~couple & (head < 35), 0.35, np.where(head <= 60, 0.2, 0.02))
    want = ~alone & (rng.random(n) < share)
    has_f, father, has_m, mother = _parent_pair(rng, want, head, lim)
    spouse = age[:, SPOUSE]
    want_in_law = couple & (rng.random(n) < 0.05)
    has_fl, father_l, has_ml, mother_l = _parent_pair(rng, want_in_law, spouse, lim)
    for slot, has, ages, fixed in (
        (FATHER, has_f, father, 1),
        (MOTHER, has_m, mother, 2),
        (FATHER_IN_LAW, has_fl, father_l, 1),
        (MOTHER_IN_LAW, has_ml, mother_l, 2),
    ):
        present[:, slot] = has
        age[:, slot] = np.where(has, ages, -1)
        sex[:, slot] = np.where(has, fixed, 0)


def _grandparent_and_sibling(
    rng: Rng, alone: Array, couple: Array, present: Array, age: Array, lim: Limits
) -> None:
    n = len(alone)
    head = age[:, HEAD]
    grand = head + lim.grand_gap + rng.integers(0, 13, size=n)
    has_grand = ~alone & (head <= 40) & (grand <= lim.max_age) & (rng.random(n) < 0.03)
    present[:, GRANDPARENT] = has_grand
    age[:, GRANDPARENT] = np.where(has_grand, grand, -1)
    sibling = np.maximum(15, head - rng.integers(0, 9, size=n))
    sibling = np.minimum(sibling, head)
    has_sibling = ~alone & (rng.random(n) < np.where(couple, 0.03, 0.12))
    present[:, SIBLING] = has_sibling
    age[:, SIBLING] = np.where(has_sibling, sibling, -1)


def collective(rng: np.random.Generator, n: int, lim: Limits) -> Rosters:
    """Collective households: a person responsible (slot 0) and other residents (relationship 9)."""
    width = N_SLOTS
    size = rng.integers(2, lim.max_size + 1, size=n)
    students = rng.random(n) < 0.4
    present = np.arange(width)[None, :] < size[:, None]
    member_high = np.where(students, 24, 50)[:, None]
    ages = _uniform(rng, np.full((n, width), 18), np.repeat(member_high, width, 1))
    ages[:, 0] = rng.integers(28, 59, size=n)
    age = np.where(present, ages, -1)
    relationship = np.where(np.arange(width) == 0, 0, 9)
    relationship = np.broadcast_to(relationship, (n, width)).copy()
    sex = np.zeros((n, width), dtype=np.int64)
    return Rosters(present, age, relationship, sex, np.ones(n, dtype=bool))
