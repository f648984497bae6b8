"""Person items that depend on age and sex: education, literacy, marital status, work, health.

Each is drawn from an age-specific distribution and then held to the person-level edits: education
not above what the age allows (P-03, thresholds from the definition's params), literate when
schooled (P-04), never married below the legal age (P-05), no work at 80+ or when unable to care
for oneself (P-06, P-07).
"""

from __future__ import annotations

import numpy as np

from survey.synth.limits import Limits

# (oldest age of the group, shares of education codes 1–9)
_EDUCATION = [
    (5, [0.15, 0.85, 0, 0, 0, 0, 0, 0, 0]),
    (6, [0.02, 0.4, 0.58, 0, 0, 0, 0, 0, 0]),
    (11, [0.02, 0, 0.98, 0, 0, 0, 0, 0, 0]),
    (14, [0.01, 0, 0.15, 0.84, 0, 0, 0, 0, 0]),
    (17, [0.01, 0, 0.03, 0.41, 0.55, 0, 0, 0, 0]),
    (22, [0.01, 0, 0.03, 0.2, 0.33, 0.18, 0.25, 0, 0]),
    (29, [0.005, 0, 0.03, 0.22, 0.2, 0.2, 0.28, 0.06, 0.005]),
    (44, [0.01, 0, 0.08, 0.35, 0.18, 0.15, 0.18, 0.04, 0.01]),
    (59, [0.03, 0, 0.2, 0.42, 0.18, 0.08, 0.08, 0.01, 0]),
    (74, [0.1, 0, 0.38, 0.3, 0.14, 0.04, 0.04, 0, 0]),
    (999, [0.35, 0, 0.4, 0.15, 0.06, 0.02, 0.02, 0, 0]),
]
# (oldest age, shares of marital codes 1, 2, 4, 5) for people without a spouse in the household
_UNPARTNERED = [
    (29, [0.8, 0.15, 0.05, 0.0]),
    (49, [0.3, 0.4, 0.25, 0.05]),
    (64, [0.1, 0.35, 0.25, 0.3]),
    (999, [0.03, 0.2, 0.07, 0.7]),
]
# (oldest age, probability of having worked last week)
_WORK = [(22, 0.2), (29, 0.8), (49, 0.85), (59, 0.65), (64, 0.35), (69, 0.2), (999, 0.08)]
# (oldest age, shares of health codes 1–4)
_HEALTH = [
    (69, [0.65, 0.27, 0.07, 0.01]),
    (79, [0.45, 0.37, 0.14, 0.04]),
    (999, [0.25, 0.4, 0.23, 0.12]),
]


def _table(rows: list[tuple[int, list[float]]], age: np.ndarray) -> np.ndarray:
    """The row of shares for each age."""
    limits = np.array([oldest for oldest, _ in rows])
    shares = np.array([share for _, share in rows], dtype=float)
    return shares[np.minimum(np.searchsorted(limits, age, side="left"), len(rows) - 1)]


def draw_category(rng: np.random.Generator, shares: np.ndarray) -> np.ndarray:
    """Index of a category per row of shares (rows need not sum to one)."""
    cumulative = np.cumsum(shares, axis=1)
    u = rng.random(len(shares)) * cumulative[:, -1]
    return np.minimum((u[:, None] >= cumulative).sum(axis=1), shares.shape[1] - 1)


def cap_education(education: np.ndarray, age: np.ndarray, lim: Limits) -> np.ndarray:
    """Lower each level to the highest one the age allows (P-03)."""
    out = education.copy()
    for level in sorted(lim.edu_min_age, reverse=True):
        out = np.where((out >= level) & (age < lim.edu_min_age[level]), level - 1, out)
    return np.where((out == 2) & (age >= lim.preschool_max_age), 1, out)


def education(rng: np.random.Generator, age: np.ndarray, lim: Limits) -> np.ndarray:
    drawn = 1 + draw_category(rng, _table(_EDUCATION, age))
    return cap_education(drawn, age, lim)


def literate(rng: np.random.Generator, education: np.ndarray) -> np.ndarray:
    share_yes = np.select([education >= 4, education == 3], [1.0, 0.97], 0.3)
    return np.where(rng.random(len(education)) < share_yes, 1, 2)


def marital_status(
    rng: np.random.Generator,
    age: np.ndarray,
    sex: np.ndarray,
    partnered: np.ndarray,
    head: np.ndarray,
    lim: Limits,
) -> np.ndarray:
    """Partnered people (spouse in the household) are married; others by age. A head without a
    spouse in the household is never recorded as married."""
    n = len(age)
    married = np.where(rng.random(n) < 0.93, 2, 3)
    single = np.array([1, 2, 4, 5])[draw_category(rng, _table(_UNPARTNERED, age))]
    single = np.where(head & (single == 2), 4, single)
    single = np.where(age < lim.legal_age(sex), 1, single)
    return np.where(partnered, married, single)


def health(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    return 1 + draw_category(rng, _table(_HEALTH, age))


def employed(
    rng: np.random.Generator,
    age: np.ndarray,
    sex: np.ndarray,
    collective: np.ndarray,
    health_code: np.ndarray,
    lim: Limits,
) -> np.ndarray:
    share = _table([(a, [p]) for a, p in _WORK], age)[:, 0] * np.where(sex == 2, 0.9, 1.0)
    share = np.where(collective, np.where(age <= 24, 0.15, 0.95), share)
    works = rng.random(len(age)) < share
    works &= (age < lim.work_max_age) & ~((age >= 60) & (health_code == 4))
    return np.where(works, 1, 2)
