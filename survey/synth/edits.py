"""Small, targeted edits of a generated survey that keep everything else consistent.

``inject_errors`` changes one thing per household; these helpers change a person's age, sex or
birth date together with what must follow (ID number characters, items entering or leaving their
universe, caps that keep other rules quiet), add persons and households, and find candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

import schemas
from schemas import Questionnaire
from survey.synth import attributes, ids, names
from survey.synth.limits import Limits, is_heaped, longest_time_away
from survey.synth.model import SynthSurvey
from survey.synth.tables import typed

KEY = ["ea_id", "hh_no"]
Key = tuple[str, str]


class NoCandidate(LookupError):
    """No household of the survey (left untouched) can carry this problem."""


class Editor:
    """A copy of a survey being edited, the households touched so far and a random generator."""

    def __init__(self, q: Questionnaire, survey: SynthSurvey, rng: np.random.Generator) -> None:
        self.q, self.lim, self.rng = q, Limits.of(q), rng
        self.s = survey.copy()
        self.touched: set[Key] = set()
        self.id_numbers: set[str] = set(self.s.persons["id_number"].dropna().tolist())
        self._context: pd.DataFrame | None = None

    # -- views ---------------------------------------------------------------------------------

    @property
    def persons(self) -> pd.DataFrame:
        return self.s.persons

    @property
    def households(self) -> pd.DataFrame:
        return self.s.households

    def ages(self) -> np.ndarray:
        p = self.persons
        return self.lim.age(
            p["birth_year"].to_numpy(dtype=int), p["birth_month"].to_numpy(dtype=int)
        )

    def _keys(self, frame: pd.DataFrame) -> pd.Series:
        return frame["ea_id"].astype(str) + "/" + frame["hh_no"].astype(str)

    def _free(self, frame: pd.DataFrame) -> np.ndarray:
        touched = [f"{ea}/{hh}" for ea, hh in self.touched]
        return ~self._keys(frame).isin(touched).to_numpy(dtype=bool)

    def context(self, *, fresh: bool = False) -> pd.DataFrame:
        """Persons with their age and facts about their household, one row per person, and
        whether the household is still untouched (``free``).

        Every edit stays inside the households it touches, so the rows of untouched households
        stay right: the table is computed once and only ``free`` is brought up to date, unless
        ``fresh`` (needed to see rows added by the current edit)."""
        if fresh or self._context is None:
            self._context = self._compute_context()
        self._context["free"] = self._free(self._context)
        return self._context

    def _compute_context(self) -> pd.DataFrame:
        p = self.persons.copy()
        p["age"] = self.ages()
        p["heaped"] = is_heaped(p["age"].to_numpy())
        code, keys = pd.factorize(self._keys(p))
        n = len(keys)
        rel = p["relationship"].to_numpy(dtype=float, na_value=np.nan)

        def per_household(mask: np.ndarray | pd.Series) -> np.ndarray:
            return np.bincount(code, weights=np.asarray(mask, dtype=float), minlength=n).astype(int)

        facts = {
            "size": np.bincount(code, minlength=n),
            "spouses": per_household(rel == 1),
            "kids": per_household(rel == 2),
            "parents": per_household(rel == 3),
            "grandparents": per_household(rel == 5),
            "grandkids": per_household(rel == 7),
            "infants": per_household(p["age"] == 0),
            "reported": per_household(
                p["birth_last_year"].map({1: 0, 2: 1, 3: 2}, na_action="ignore").fillna(0)
            ),
        }
        head_row = np.full(n, -1)
        heads = np.flatnonzero(rel == 0)[::-1]  # the first head of a household wins
        head_row[code[heads]] = heads
        for name, column in (("head_age", "age"), ("head_sex", "sex"), ("head_line", "line_no")):
            values = p[column].to_numpy(dtype=float, na_value=np.nan)
            facts[name] = np.where(head_row >= 0, values[head_row], np.nan)
        for name, per_hh in facts.items():
            p[name] = per_hh[code]
        h = self.households.drop_duplicates(KEY)
        where = pd.Index(self._keys(h)).get_indexer(keys)
        for column in ("hh_type", "n_present", "n_away", "births_m", "births_f"):
            p[column] = h[column].to_numpy()[where][code]
        for column in ("dwelling_type", "floor_area"):
            p[column] = h[column].to_numpy(dtype=float, na_value=np.nan)[where][code]
        return p

    def household_context(self) -> pd.DataFrame:
        """Households with their person count and whether they are still untouched."""
        h = self.households.copy()
        sizes = self.persons.groupby(KEY).size()
        h["size"] = sizes.reindex(pd.MultiIndex.from_frame(h[KEY]), fill_value=0).to_numpy()
        h["free"] = self._free(h)
        return h

    # -- choosing ------------------------------------------------------------------------------

    def pick(self, frame: pd.DataFrame, mask: Any = None, *, free: bool = True) -> pd.Series:
        """One row chosen at random among those matching ``mask`` (and untouched)."""
        chosen = frame
        if mask is not None:
            chosen = chosen[
                np.asarray(pd.Series(mask, index=frame.index).fillna(False), dtype=bool)
            ]
        if free:
            chosen = chosen[chosen["free"]]
        if chosen.empty:
            raise NoCandidate
        return chosen.iloc[int(self.rng.integers(len(chosen)))]

    def touch(self, *keys: Key) -> None:
        self.touched.update(keys)

    def members(self, key: Key) -> pd.Index:
        p = self.persons
        return p.index[(p["ea_id"] == key[0]) & (p["hh_no"] == key[1])]

    def household_index(self, key: Key) -> Any:
        h = self.households
        return h.index[(h["ea_id"] == key[0]) & (h["hh_no"] == key[1])][0]

    def params_gap(self, name: str) -> int:
        """A kinship threshold of the definition's params (e.g. ``child_min_gap``)."""
        return int(getattr(self.q.params, name))

    def choose_age(self, candidates: Sequence[int]) -> int:
        """One of ``candidates`` (non-empty), avoiding ages that count as heaped if possible."""
        plain = [a for a in candidates if not is_heaped(np.array([a]))[0]]
        pool = plain or list(candidates)
        if not pool:
            raise NoCandidate
        return int(pool[int(self.rng.integers(len(pool)))])

    # -- ID numbers ----------------------------------------------------------------------------

    def unique_id(self, first17: str) -> str:
        """``first17`` with its check character; another sequence number of the same parity if
        that number is taken."""
        candidate = ids.checked(first17)
        while candidate in self.id_numbers:
            parity = int(first17[16]) % 2
            seq = 2 * int(self.rng.integers(0, 500)) + parity
            candidate = ids.checked(f"{first17[:14]}{seq:03d}")
        self.id_numbers.add(candidate)
        return candidate

    def _rewrite_id(self, i: Any) -> None:
        """Make row ``i``'s ID agree with its birth date and sex again (keeps the day if valid)."""
        old = self.persons.at[i, "id_number"]
        if pd.isna(old):
            return
        year, month = int(self.persons.at[i, "birth_year"]), int(self.persons.at[i, "birth_month"])
        day = min(int(old[12:14]), int(ids.days_in_month(np.array([year]), np.array([month]))[0]))
        male = int(self.persons.at[i, "sex"]) == 1
        self.id_numbers.discard(old)
        seq = int(old[14:17])
        if (seq % 2 == 1) != male:
            seq = seq ^ 1
        self.persons.at[i, "id_number"] = self.unique_id(
            f"{old[:6]}{year:04d}{month:02d}{day:02d}{seq:03d}"
        )

    def new_id(self, i: Any) -> None:
        """A fresh ID for row ``i`` (same address code if it had one)."""
        p = self.persons
        old = p.at[i, "id_number"]
        address = int(old[:6]) if not pd.isna(old) else int(ids.LOCAL_COUNTIES[0])
        made = ids.make_ids(
            self.rng,
            np.array([address]),
            np.array([int(p.at[i, "birth_year"])]),
            np.array([int(p.at[i, "birth_month"])]),
            np.array([int(p.at[i, "sex"])]),
            taken=self.id_numbers,
        )[0]
        self.id_numbers.add(str(made))
        p.at[i, "id_number"] = str(made)

    # -- persons -------------------------------------------------------------------------------

    def set_birth(self, i: Any, year: int, month: int) -> None:
        self.persons.at[i, "birth_year"] = year
        self.persons.at[i, "birth_month"] = month
        self._rewrite_id(i)
        self.settle(i)

    def set_age(self, i: Any, age: int) -> None:
        month = int(self.persons.at[i, "birth_month"])
        year = int(self.lim.birth_year(np.array([age]), np.array([month]))[0])
        self.set_birth(i, year, month)

    def set_sex(self, i: Any, sex: int) -> None:
        self.persons.at[i, "sex"] = sex
        self._rewrite_id(i)
        self.settle(i)

    def rename(self, i: Any) -> None:
        sex = np.array([int(self.persons.at[i, "sex"])])
        self.persons.at[i, "name"] = str(
            names.full_names(self.rng, names.surnames(self.rng, 1), sex)[0]
        )

    def settle(self, i: Any) -> None:
        """After an edit of row ``i``: blank what left its universe, fill what entered it, and hold
        the person-level edits (P-02 … P-07, F-01 … F-03) that the edit could have broken."""
        p, lim = self.persons, self.lim
        for _ in range(len(self.q.persons.items)):
            work = schemas.with_derived(self.q, "persons", p.loc[[i]])
            changed = False
            for item in self.q.persons.items:
                if item.universe_expr is None:
                    continue
                inside = bool(item.universe_expr.evaluate(work).iloc[0])
                filled = not pd.isna(p.at[i, item.name])
                if filled and not inside:
                    p.at[i, item.name] = pd.NA
                elif inside and not filled:
                    self._fill_default(i, item.name)
                else:
                    continue
                changed = True
            if not changed:
                break
        year, month = int(p.at[i, "birth_year"]), int(p.at[i, "birth_month"])
        age = int(lim.age(np.array([year]), np.array([month]))[0])
        months = int(lim.months_alive(np.array([year]), np.array([month]))[0])
        self._hold(i, age, months)

    def _hold(self, i: Any, age: int, months: int) -> None:
        p, lim = self.persons, self.lim
        value = p.loc[i].to_dict()
        if not pd.isna(value["time_away"]) and value["time_away"] >= 2 and months >= 0:
            p.at[i, "time_away"] = min(
                int(value["time_away"]), int(longest_time_away(np.array([months]))[0])
            )
        if not pd.isna(value["education"]):
            capped = attributes.cap_education(
                np.array([int(value["education"])]), np.array([age]), lim
            )
            p.at[i, "education"] = int(capped[0])
        if not pd.isna(value["literate"]) and int(p.at[i, "education"]) >= 4:
            p.at[i, "literate"] = 1
        if not pd.isna(value["marital_status"]):
            legal = lim.legal_male if int(value["sex"]) == 1 else lim.legal_female
            if age < legal:
                p.at[i, "marital_status"] = 1
        if not pd.isna(value["employed"]) and (
            age >= lim.work_max_age or (not pd.isna(value["health"]) and value["health"] == 4)
        ):
            p.at[i, "employed"] = 2
        if not pd.isna(value["children_born"]):
            born = min(int(value["children_born"]), lim.max_children_born, age - lim.mother_min_age)
            born = max(born, 0)
            blast = value["birth_last_year"]
            if not pd.isna(blast) and born < int(blast) - 1:
                p.at[i, "birth_last_year"] = born + 1
            p.at[i, "children_born"] = born
            p.at[i, "children_surviving"] = min(int(value["children_surviving"]), born)

    def _fill_default(self, i: Any, name: str) -> None:
        p = self.persons
        if name == "id_number":
            self.new_id(i)
            return
        if name == "time_away":
            home = p.at[i, "hukou_place"] == 1 and p.at[i, "residence"] in (1, 2)
            p.at[i, name] = 1 if home else 2
            return
        age = int(
            self.lim.age(
                np.array([int(p.at[i, "birth_year"])]), np.array([int(p.at[i, "birth_month"])])
            )[0]
        )
        defaults = {
            "education": 2 if age < 6 else 5,
            "literate": 1,
            "marital_status": 1,
            "employed": 2,
            "children_born": 0,
            "children_surviving": 0,
            "birth_last_year": 1,
            "health": 2,
            "reason_away": 10,
        }
        p.at[i, name] = defaults.get(name, 1)

    def add_person(
        self, key: Key, template: Any, *, keep_identity: bool = False, **values: Any
    ) -> Any:
        """Append a person to household ``key``, copied from row ``template`` with ``values``
        changed; present (residence 1), a new name and ID unless ``keep_identity``. Updates H2 and
        the listing's expected persons. Returns the new row's index label."""
        p = self.persons
        row = p.loc[template].to_dict()
        members = self.members(key)
        row.update(ea_id=key[0], hh_no=key[1], line_no=int(p.loc[members, "line_no"].max()) + 1)
        row["residence"] = 1
        if row["hukou_place"] == 1:
            row["time_away"], row["reason_away"] = 1, pd.NA
        if not pd.isna(row["birth_last_year"]):
            row["birth_last_year"] = 1
        row.update(values)
        label = int(p.index.max()) + 1
        added = typed(self.q.persons, {name: [value] for name, value in row.items()})
        added.index = [label]
        self.s.persons = pd.concat([p, added])
        if not keep_identity:
            self.rename(label)
            if not pd.isna(row["id_number"]):
                self.new_id(label)
        self.settle(label)
        h = self.household_index(key)
        self.households.at[h, "n_present"] = int(self.households.at[h, "n_present"]) + 1
        listing = self.s.listing
        listed = (listing["ea_id"] == key[0]) & (listing["hh_no"] == key[1])
        if listed.any():
            listing.loc[listed, "expected_persons"] = listing.loc[listed, "expected_persons"] + 1
        return label

    def finish(self) -> SynthSurvey:
        s = self.s
        s.persons = s.persons.sort_values([*KEY, "line_no"], ignore_index=True)
        s.households = s.households.sort_values(KEY, kind="stable", ignore_index=True)
        s.listing = s.listing.reset_index(drop=True)
        s.eas = s.eas.reset_index(drop=True)
        return s
