"""``generate``: a whole synthetic survey that breaks no edit rule, drawn as arrays.

Order matters: compositions and ages first (kinship by construction), then the EA-level balancing
of ages and sexes, then every item that depends on age and sex, then households, names, IDs and the
frame. Fields outside their universe are blanked last, generically, from the definition.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from schemas import Questionnaire
from survey.synth import attributes, balance, fertility, frame, households, ids, migration, rosters
from survey.synth.limits import Limits
from survey.synth.model import SynthSurvey
from survey.synth.names import family_surnames, full_names
from survey.synth.rosters import CHILD_IN_LAW, OLDEST_CHILD, SPOUSE, Rosters
from survey.synth.tables import apply_universes, typed

_ETHNIC = np.array(["01", "03", "11", "02", "08", "10", "06", "15", "04", "05"])
_ETHNIC_P = np.array([0.955, 0.02, 0.008, 0.004, 0.003, 0.003, 0.002, 0.002, 0.002, 0.001])


def _rosters(rng: np.random.Generator, p: frame.Plan, lim: Limits) -> Rosters:
    fam = rosters.family(rng, int((~p.collective).sum()), lim)
    coll = rosters.collective(rng, int(p.collective.sum()), lim)
    index = np.empty(len(p.collective), dtype=np.int64)
    index[~p.collective] = np.arange(len(fam.age))
    index[p.collective] = len(fam.age) + np.arange(len(coll.age))
    both = Rosters.concat([fam, coll])
    return Rosters(*(getattr(both, f)[index] for f in Rosters.__annotations__))


def _partnered(r: Rosters) -> np.ndarray:
    """Persons whose spouse is in the household: head and spouse, the head's parents, the
    spouse's parents, the married child and the child-in-law."""
    out = np.zeros(r.present.shape, dtype=bool)
    family = ~r.collective
    for a, b in ((0, SPOUSE), (9, 10), (11, 12), (OLDEST_CHILD, CHILD_IN_LAW)):
        both = family & r.present[:, a] & r.present[:, b]
        out[:, a] |= both
        out[:, b] |= both
    return out


def generate(
    q: Questionnaire, n_households: int, *, seed: int = 0, n_eas: int | None = None
) -> SynthSurvey:
    """A survey of ``n_households`` households (a few of them ``999``) in ``n_eas`` EAs (default:
    one EA per 80 households) that breaks no rule of rules.md. Deterministic for a seed."""
    rng = np.random.default_rng(seed)
    lim = Limits.of(q)
    p = frame.plan(rng, n_households, n_eas if n_eas is not None else max(1, n_households // 80))
    r = _rosters(rng, p, lim)
    balance.fix_infants(rng, r, p.ea, p.n_eas)
    mig = migration.draw(rng, r)
    balance.fix_heaping(rng, r, mig.here, p.ea, p.n_eas)
    balance.assign_sexes(rng, r, p.ea, p.n_eas)
    own, infants = fertility.own_children(r)
    surname = family_surnames(rng, r)
    partnered = _partnered(r)
    hh_ethnic = _ETHNIC[rng.choice(len(_ETHNIC), size=len(r.age), p=_ETHNIC_P)]

    hh, slot = np.nonzero(r.present)
    line_no = np.cumsum(r.present, axis=1)[hh, slot]
    age, sex = r.age[hh, slot], r.sex[hh, slot]
    relationship = r.relationship[hh, slot]
    collective = r.collective[hh]
    residence, hukou = mig.residence[hh, slot], mig.hukou[hh, slot]
    n = len(hh)

    birth_month = rng.integers(1, 13, size=n)
    birth_year = lim.birth_year(age, birth_month)
    edu = attributes.education(rng, age, lim)
    health = attributes.health(rng, age)
    born, surviving = fertility.children_born(rng, age, own[hh, slot], lim)
    ethnic = np.where(
        rng.random(n) < 0.97, hh_ethnic[hh], _ETHNIC[rng.choice(len(_ETHNIC), size=n, p=_ETHNIC_P)]
    )
    id_number = np.full(n, "", dtype=object)
    has_id = hukou != 5
    id_number[has_id] = ids.make_ids(
        rng,
        ids.address_codes(rng, hukou[has_id] <= 3),
        birth_year[has_id],
        birth_month[has_id],
        sex[has_id],
    )
    names = full_names(rng, surname[hh, slot], sex)

    person_columns = {
        "line_no": line_no,
        "name": names,
        "relationship": relationship,
        "id_number": id_number,
        "sex": sex,
        "birth_year": birth_year,
        "birth_month": birth_month,
        "ethnicity": ethnic,
        "residence": residence,
        "hukou_place": hukou,
        "time_away": migration.time_away(
            lim, residence, hukou, mig.time_pref[hh, slot], birth_year, birth_month
        ),
        "reason_away": mig.reason[hh, slot],
        "education": edu,
        "literate": attributes.literate(rng, edu),
        "marital_status": attributes.marital_status(
            rng, age, sex, partnered[hh, slot], relationship == 0, lim
        ),
        "employed": attributes.employed(rng, age, sex, collective, health, lim),
        "children_born": born,
        "children_surviving": surviving,
        "birth_last_year": fertility.birth_last_year(infants[hh, slot]),
        "health": health,
    }
    house = households.regular(rng, lim, r.collective, hh, residence, age, sex)
    return _assemble(q, rng, p, hh, person_columns, house)


def _assemble(
    q: Questionnaire,
    rng: np.random.Generator,
    p: frame.Plan,
    hh: np.ndarray,
    person_columns: dict[str, np.ndarray],
    house: dict[str, np.ndarray],
) -> SynthSurvey:
    eas = frame.eas_table(q, rng, p.n_eas)
    ea_ids = eas["ea_id"].to_numpy(dtype=str)
    hh_ea, hh_no = ea_ids[p.ea], np.char.zfill(p.hh_no.astype(str), 3)
    dead = households.all_died(rng, len(p.dead_eas))
    dead_ea = ea_ids[p.dead_eas]
    dead_no = np.full(len(p.dead_eas), frame.DEAD_HH_NO)

    household_frame = pd.concat(
        [
            typed(q.households, {"ea_id": hh_ea, "hh_no": hh_no, **house}),
            typed(q.households, {"ea_id": dead_ea, "hh_no": dead_no, **dead}),
        ],
        ignore_index=True,
    )
    household_frame = apply_universes(q, "households", household_frame)
    household_frame = household_frame.sort_values(["ea_id", "hh_no"], ignore_index=True)

    persons = typed(q.persons, {"ea_id": hh_ea[hh], "hh_no": hh_no[hh], **person_columns})
    persons = apply_universes(q, "persons", persons)

    heads = person_columns["line_no"] == 1
    head_name = np.full(len(hh_no), None, dtype=object)
    head_name[hh[heads]] = person_columns["name"][heads]
    listing = frame.listing_table(
        q,
        np.concatenate([hh_ea, dead_ea]),
        np.concatenate([hh_no, dead_no]),
        np.concatenate([head_name, np.full(len(dead_no), None, dtype=object)]),
        np.concatenate([np.bincount(hh, minlength=len(hh_no)), np.zeros(len(dead_no), dtype=int)]),
    )
    return SynthSurvey(eas=eas, listing=listing, households=household_frame, persons=persons)
