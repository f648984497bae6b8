"""Where each person was at the census moment and where their hukou is (D7–D10).

Most people live where their hukou is. Some family households are migrant households (hukou
elsewhere, 户口在外地); some spouses and children-in-law moved in on marriage; some adult members of
local households are away (recorded here because their hukou is here, rule S-06); a few newborns
have no hukou yet (code 5). Time away is chosen later, once birth dates are final, so that it never
exceeds the person's life (rule P-02).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from survey.synth.limits import Limits, longest_time_away
from survey.synth.rosters import CHILD_IN_LAW, HEAD, SPOUSE, Rosters

_TIME_CODES = np.arange(2, 10)
_TIME_P = np.array([0.06, 0.07, 0.12, 0.1, 0.1, 0.08, 0.22, 0.25])
WORK, STUDY, ACCOMPANY, MOVING, MARRIAGE, GRANDCHILDREN, RETIREMENT, OTHER = 1, 2, 3, 4, 6, 7, 9, 10


@dataclass
class Migration:
    """Households × slots, like :class:`~survey.synth.rosters.Rosters`."""

    residence: np.ndarray
    hukou: np.ndarray
    time_pref: np.ndarray  # preferred time-away category (2–9) where away from the hukou place
    reason: np.ndarray

    @property
    def here(self) -> np.ndarray:
        return self.residence == 1


def _pick(
    rng: np.random.Generator, values: list[int], p: list[float], shape: tuple[int, ...]
) -> np.ndarray:
    return np.asarray(values)[rng.choice(len(values), size=shape, p=p)]


def draw(rng: np.random.Generator, r: Rosters) -> Migration:
    shape = r.age.shape
    n = shape[0]
    age, rel = r.age, r.relationship
    residence = np.ones(shape, dtype=np.int64)
    hukou = np.ones(shape, dtype=np.int64)
    time_pref = _TIME_CODES[rng.choice(len(_TIME_CODES), size=shape, p=_TIME_P)]
    reason = np.full(shape, OTHER, dtype=np.int64)

    # Migrant family households: everyone's hukou is elsewhere, all arrived together.
    migrant = ~r.collective & (rng.random(n) < 0.18)
    hukou[migrant] = _pick(rng, [2, 3, 4], [0.15, 0.25, 0.6], (int(migrant.sum()), 1))
    time_pref[migrant] = time_pref[migrant, :1]
    young_kids = ((age >= 0) & (age < 12) & r.present).any(axis=1, keepdims=True)
    elders = np.isin(rel, [3, 4, 5])
    by_role = np.select(
        [
            rel == 0,
            rel == 1,
            (rel == 2) | (rel == 7),
            elders & young_kids,
            elders,
            rel == 6,
        ],
        [
            _pick(rng, [WORK, MOVING, OTHER], [0.75, 0.15, 0.1], shape),
            _pick(rng, [ACCOMPANY, WORK, MARRIAGE], [0.5, 0.4, 0.1], shape),
            np.where(age < 16, ACCOMPANY, np.where(age <= 22, STUDY, WORK)),
            GRANDCHILDREN,
            _pick(rng, [RETIREMENT, ACCOMPANY], [0.5, 0.5], shape),
            MARRIAGE,
        ],
        WORK,
    )
    reason = np.where(migrant[:, None], by_role, reason)

    # Members of local households who moved in on marriage.
    local = ~r.collective & ~migrant
    married_in = np.zeros(shape, dtype=bool)
    married_in[:, SPOUSE] = rng.random(n) < 0.1
    married_in[:, CHILD_IN_LAW] = rng.random(n) < 0.2
    married_in &= local[:, None] & r.present
    hukou[married_in] = _pick(rng, [2, 3, 4], [0.2, 0.2, 0.6], (int(married_in.sum()),))
    reason[married_in] = MARRIAGE

    # Members of local households away at the census moment (their hukou is here).
    eligible = local[:, None] & r.present & ~married_in & (age >= 16) & (age <= 60)
    eligible &= np.isin(rel, [1, 2, 6, 8])
    share = np.where(np.isin(rel, [2, 8]), 0.12, 0.05)
    away = eligible & (rng.random(shape) < share)
    residence[away] = _pick(rng, [3, 4, 5], [0.15, 0.2, 0.65], (int(away.sum()),))
    reason[away] = np.where(
        age[away] <= 22, STUDY, _pick(rng, [WORK, OTHER], [0.85, 0.15], (int(away.sum()),))
    )
    nearby = eligible & ~away & (rng.random(shape) < 0.01)
    residence[nearby] = 2

    # Collective households: mostly people whose hukou is elsewhere, working or studying here.
    coll = r.collective[:, None] & r.present
    hukou = np.where(coll, _pick(rng, [1, 2, 3, 4], [0.1, 0.09, 0.18, 0.63], shape), hukou)
    reason = np.where(coll, np.where(age <= 24, STUDY, WORK), reason)

    # Hukou not yet settled: some newborns, very rarely anyone else present.
    pending_share = np.where(age == 0, 0.05, 0.001)
    pending = r.present & (residence == 1) & (rng.random(shape) < pending_share)
    pending[:, HEAD] = False
    hukou[pending] = 5
    return Migration(residence, hukou, time_pref, reason)


def time_away(
    lim: Limits,
    residence: np.ndarray,
    hukou: np.ndarray,
    time_pref: np.ndarray,
    birth_year: np.ndarray,
    birth_month: np.ndarray,
) -> np.ndarray:
    """D9 for flat person arrays: 1 when at the hukou place (rule P-01), else the preferred
    category shortened to fit the person's life (rule P-02); 0 where the hukou is pending."""
    at_home = (hukou == 1) & ((residence == 1) | (residence == 2))
    months = lim.months_alive(birth_year, birth_month)
    away = np.minimum(time_pref, longest_time_away(months))
    return np.where(hukou == 5, 0, np.where(at_home, 1, away))
