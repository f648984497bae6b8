"""The generator's bounds, derived once from the questionnaire's reference moment and rule params.

Every bound keeps a margin from the threshold of the rule it serves, so that the small age shifts
made while balancing an EA (±1 year, see :mod:`survey.synth.balance`) never cross a threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from schemas import Questionnaire

# Lower bound, in months, of each ``time_away`` category (rule P-02).
TIME_AWAY_MIN_MONTHS = {2: 0, 3: 6, 4: 12, 5: 24, 6: 36, 7: 48, 8: 60, 9: 120}

SEX_RATIO = 105.0  # males per 100 females, the target of every EA
WHIPPLE_SHARE = 0.21  # at most this share of ages 23–62 may end in 0 or 5 (Whipple 105)
MOTHER_MAX_AGE = 45  # oldest age at which a generated woman gives birth


@dataclass(frozen=True)
class Limits:
    ref_year: int
    ref_month: int
    max_size: int
    max_age: int
    legal_male: int
    legal_female: int
    marry_age: int  # youngest married person generated
    spouse_gap: int  # largest head–spouse age difference generated
    child_gap: int  # smallest parent–child age difference generated
    parent_gap: int  # smallest head–parent age difference generated
    grand_gap: int  # smallest head–grandparent age difference generated
    grandchild_gap: int  # smallest head–grandchild age difference generated
    edu_min_age: dict[int, int]
    preschool_max_age: int
    work_max_age: int  # employed only below this age
    area_per_person: tuple[float, float]
    max_children_born: int
    mother_min_age: int

    @classmethod
    def of(cls, q: Questionnaire) -> Limits:
        p = q.params
        return cls(
            ref_year=q.reference.year,
            ref_month=q.reference.month,
            max_size=p.max_household_size,
            max_age=p.age_warning,
            legal_male=p.marriage_age.male,
            legal_female=p.marriage_age.female,
            marry_age=max(p.marriage_age.male, p.marriage_age.female) + 1,
            spouse_gap=max(0, min(15, p.spouse_age_gap - 3)),
            child_gap=max(20, p.child_min_gap + 3),
            parent_gap=max(22, p.parent_min_gap + 3),
            grand_gap=max(48, p.grand_min_gap + 3),
            grandchild_gap=p.grand_min_gap + 3,
            edu_min_age=dict(p.education_min_age),
            preschool_max_age=p.preschool_max_age,
            work_max_age=p.elderly_work_age,
            area_per_person=(float(p.floor_area_per_person[0]), float(p.floor_area_per_person[1])),
            max_children_born=p.max_children_born,
            mother_min_age=p.min_mother_age,
        )

    def birth_year(self, age: np.ndarray, month: np.ndarray) -> np.ndarray:
        """The birth year giving ``age`` completed years at the census moment."""
        return self.ref_year - age - (month >= self.ref_month)

    def age(self, year: np.ndarray, month: np.ndarray) -> np.ndarray:
        return self.ref_year - year - (month >= self.ref_month)

    def months_alive(self, year: np.ndarray, month: np.ndarray) -> np.ndarray:
        """Months from the birth month to the census moment, as rule P-02 counts them."""
        return (self.ref_year - year) * 12 + (self.ref_month - month)

    def legal_age(self, sex: np.ndarray) -> np.ndarray:
        return np.where(sex == 1, self.legal_male, self.legal_female)


def longest_time_away(months: np.ndarray) -> np.ndarray:
    """The longest ``time_away`` category (2–9) whose lower bound fits in ``months``."""
    codes = np.array(sorted(TIME_AWAY_MIN_MONTHS))
    bounds = np.array([TIME_AWAY_MIN_MONTHS[c] for c in codes])
    return codes[np.searchsorted(bounds, months, side="right") - 1]


def is_heaped(age: np.ndarray) -> np.ndarray:
    """Ages that count in the numerator of Whipple's index (ending in 0 or 5, within 23–62)."""
    return (age >= 23) & (age <= 62) & (age % 5 == 0)


def in_whipple_range(age: np.ndarray) -> np.ndarray:
    return (age >= 23) & (age <= 62)
