"""Matching the persons of the post-enumeration survey (PES) to those of the survey, in its EAs.

Two passes, each one-to-one, over columns (no loop over persons):

1. **ID number**, exactly, within the EA (a blank or repeated ID number does not match);
2. **name + sex + birth year-month within the household and EA** (the PES revisits the listed
   households, so ``hh_no`` is the listing's).

What is left and resembles a pair — same EA, same name and sex, birth within a year of each
other, or the same person details in another household of the EA — goes to the review list
(doubtful pairs for a clerk), not to the matches.
"""

from __future__ import annotations

import pandas as pd

from collectors import InputError, Problem

KEY = ["ea_id", "hh_no", "line_no"]
PERSON = ["name", "sex", "birth_year", "birth_month"]


def _norm(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in ["ea_id", "hh_no", "name", "id_number"]:
        if column in out.columns:
            out[column] = out[column].astype("string").str.strip()
    for column in ["line_no", "sex", "birth_year", "birth_month"]:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("Int64")
    out["_r"] = range(len(out))
    return out


def _one_to_one(pairs: pd.DataFrame) -> pd.DataFrame:
    """Keep the pairs in which both persons appear once (an ambiguous pair is not a match)."""
    once = ~pairs["_r_s"].duplicated(keep=False) & ~pairs["_r_p"].duplicated(keep=False)
    return pairs[once]


def check_columns(frame: pd.DataFrame, label: str) -> None:
    missing = [c for c in [*KEY, *PERSON] if c not in frame.columns]
    if missing:
        raise InputError(
            [
                Problem(
                    "pes",
                    "is missing; matching needs it",
                    "缺少该列；匹配需要此列",
                    file=label,
                    column=c,
                )
                for c in missing
            ]
        )


def match(survey: pd.DataFrame, pes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(matches, review): matched person pairs with the pass that matched them, and doubtful pairs.

    Both tables have the survey person's key (``_s``), the PES person's key (``_p``).
    Only the survey's persons in EAs that the PES covered take part.
    """
    s = _norm(survey)
    p = _norm(pes)
    s = s[s["ea_id"].isin(set(p["ea_id"]))]
    found = []
    if "id_number" in s.columns and "id_number" in p.columns:
        ids = s[s["id_number"].notna() & (s["id_number"] != "")]
        pid = p[p["id_number"].notna() & (p["id_number"] != "")]
        pairs = ids.merge(pid, on=["ea_id", "id_number"], suffixes=("_s", "_p"))
        found.append(_one_to_one(pairs).assign(rule="id_number"))
    taken_s = set(pd.concat([f["_r_s"] for f in found])) if found else set()
    taken_p = set(pd.concat([f["_r_p"] for f in found])) if found else set()
    rest_s, rest_p = s[~s["_r"].isin(taken_s)], p[~p["_r"].isin(taken_p)]
    pairs = rest_s.merge(rest_p, on=["ea_id", "hh_no", *PERSON], suffixes=("_s", "_p"))
    pairs = pairs.assign(hh_no_s=pairs["hh_no"], hh_no_p=pairs["hh_no"])
    found.append(_one_to_one(pairs).assign(rule="name_sex_birth"))
    matches = pd.concat(found, ignore_index=True)
    left_s = s[~s["_r"].isin(set(matches["_r_s"]))]
    left_p = p[~p["_r"].isin(set(matches["_r_p"]))]
    review = _doubtful(left_s, left_p)
    columns = ["ea_id", "hh_no_s", "line_no_s", "hh_no_p", "line_no_p", "rule", "_r_s", "_r_p"]
    return matches[columns].reset_index(drop=True), review


def _doubtful(left_s: pd.DataFrame, left_p: pd.DataFrame) -> pd.DataFrame:
    near = left_s.merge(left_p, on=["ea_id", "name", "sex"], suffixes=("_s", "_p"))
    years = (near["birth_year_s"] - near["birth_year_p"]).abs()
    same_birth = years.eq(0) & near["birth_month_s"].eq(near["birth_month_p"])
    reason = pd.Series(pd.NA, index=near.index, dtype="string")
    reason[years.le(1) & ~same_birth] = "birth date differs"
    reason[same_birth & near["hh_no_s"].ne(near["hh_no_p"])] = "another household"
    near = near.assign(reason=reason)[reason.notna()]
    columns = ["ea_id", "hh_no_s", "line_no_s", "hh_no_p", "line_no_p", "name", "sex",
               "birth_year_s", "birth_month_s", "birth_year_p", "birth_month_p", "reason"]  # fmt: skip
    return near[columns].reset_index(drop=True)
