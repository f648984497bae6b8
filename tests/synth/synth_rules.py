"""An independent, test-only reading of spec/rules.md, used to check the generator.

It is deliberately plain (pandas over whole tables) and knows nothing of ``survey.synth``. Each
finding is (rule_id, ea_id, hh_no, line_no). Aggregate signals get pseudo ids: ``I-SEX``,
``I-INFANT``, ``I-WHIPPLE`` (all persons) and the same with ``-HERE`` (persons present only).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

import schemas
from schemas import Questionnaire
from schemas.idnumber import PROVINCE_CODES, check_chars

KEY = ["ea_id", "hh_no"]
TIME_MIN_MONTHS = {2: 0, 3: 6, 4: 12, 5: 24, 6: 36, 7: 48, 8: 60, 9: 120}


def _rows(
    rule: str, frame: pd.DataFrame, mask: pd.Series | np.ndarray, person: bool
) -> pd.DataFrame:
    where = np.asarray(mask, dtype=bool)
    if not where.any():
        return pd.DataFrame(columns=["rule_id", "ea_id", "hh_no", "line_no"])
    hit = frame[[c for c in ("ea_id", "hh_no", "line_no") if c in frame]].loc[where]
    return pd.DataFrame(
        {
            "rule_id": rule,
            "ea_id": hit["ea_id"].astype(object).to_numpy(),
            "hh_no": hit["hh_no"].astype(object).to_numpy() if "hh_no" in hit else None,
            "line_no": hit["line_no"].astype(object).to_numpy() if person else None,
        }
    )


def _b(series: pd.Series) -> np.ndarray:
    return series.fillna(False).to_numpy(dtype=bool)


def validity(q: Questionnaire, name: str, frame: pd.DataFrame) -> list[pd.DataFrame]:
    table = q.tables[name]
    work = schemas.with_derived(q, name, frame)
    person = name == "persons"
    out = []
    for item in table.items:
        inside = (
            item.universe_expr.evaluate(work).to_numpy(dtype=bool)
            if item.universe_expr is not None
            else np.ones(len(frame), dtype=bool)
        )
        filled = frame[item.name].notna().to_numpy(dtype=bool)
        if item.required:
            out.append(_rows("V-01", frame, inside & ~filled, person))
        out.append(_rows("V-02", frame, ~inside & filled, person))
        bad = np.zeros(len(frame), dtype=bool)
        if item.codes is not None:
            bad |= filled & ~_b(frame[item.name].isin(list(item.code_values)))
        if item.range is not None:
            low, high = item.range
            values = frame[item.name]
            bad |= filled & ~_b((values >= low) & (values <= high))
        out.append(_rows("V-03", frame, bad, person))
    return out


def person_rules(q: Questionnaire, p: pd.DataFrame) -> list[pd.DataFrame]:
    prm, ref = q.params, q.reference
    p = schemas.with_derived(q, "persons", p)
    age = p["age"]
    ym = p["birth_year"] * 12 + p["birth_month"]
    out = [
        _rows("V-04", p, _b(ym >= ref.year * 12 + ref.month) | _b(p["birth_year"] < 1900), True),
        _rows("V-05", p, _b(age > prm.age_warning), True),
    ]
    name = p["name"].astype(object)
    bad_name = name.map(
        lambda v: v is None or v is pd.NA or re.fullmatch(r"[\d\W_]*", str(v).strip()) is not None
    )
    out.append(_rows("V-06", p, bad_name.to_numpy(dtype=bool), True))

    ids = p["id_number"].astype("string").str.strip().str.upper()
    has = ids.notna().to_numpy(dtype=bool)
    form = _b(ids.str.fullmatch(r"\d{17}[\dX]"))
    check_ok = np.zeros(len(p), dtype=bool)
    check_ok[form] = (check_chars(ids[form].str[:17]) == ids[form].str[17]).to_numpy(dtype=bool)
    dates = pd.to_datetime(ids.str[6:14].where(form), format="%Y%m%d", errors="coerce")
    date_ok = dates.notna().to_numpy(dtype=bool)
    good = form & check_ok & date_ok
    out.append(_rows("ID-01", p, has & ~good, True))
    year_ok = ids.str[6:10].where(form).astype("Float64") == p["birth_year"].astype("Float64")
    month_ok = ids.str[10:12].where(form).astype("Float64") == p["birth_month"].astype("Float64")
    out.append(_rows("ID-02", p, form & ~(_b(year_ok) & _b(month_ok)), True))
    odd = ids.str[16].where(form).astype("Float64") % 2 == 1
    out.append(_rows("ID-03", p, form & (_b(odd) != _b(p["sex"] == 1)), True))
    province = ids.str[:2].where(form).astype("Float64")
    out.append(_rows("ID-04", p, form & ~_b(province.isin(sorted(PROVINCE_CODES))), True))
    here = _b(p["residence"] == 1)
    dup = ids.where(here & has).dropna()
    twice = dup[dup.duplicated(keep=False)].index
    out.append(_rows("ID-05", p, p.index.isin(twice), True))

    resid, hukou, time = p["residence"], p["hukou_place"], p["time_away"]
    home = _b((hukou == 1) & resid.isin([1, 2]))
    filled_t = time.notna().to_numpy(dtype=bool)
    p01 = filled_t & ((home & _b(time != 1)) | (~home & _b(time < 2)))
    out.append(_rows("P-01", p, p01, True))
    months = (ref.year - p["birth_year"]) * 12 + (ref.month - p["birth_month"])
    lower = time.map(TIME_MIN_MONTHS.get, na_action="ignore").astype("Float64")
    out.append(_rows("P-02", p, _b(lower > months), True))
    edu = p["education"]
    p03 = np.zeros(len(p), dtype=bool)
    for level, min_age in prm.education_min_age.items():
        p03 |= _b((edu == level) & (age < min_age))
    p03 |= _b((edu == 2) & (age >= prm.preschool_max_age))
    out.append(_rows("P-03", p, p03, True))
    out.append(_rows("P-04", p, _b((edu >= 4) & (p["literate"] == 2)), True))
    legal = np.where(
        p["sex"].to_numpy(dtype=float, na_value=np.nan) == 1,
        prm.marriage_age.male,
        prm.marriage_age.female,
    )
    out.append(_rows("P-05", p, _b((p["marital_status"] != 1) & (age < legal)), True))
    out.append(_rows("P-06", p, _b((p["employed"] == 1) & (age >= prm.elderly_work_age)), True))
    out.append(_rows("P-07", p, _b((p["health"] == 4) & (p["employed"] == 1)), True))

    born, surv, blast = p["children_born"], p["children_surviving"], p["birth_last_year"]
    out.append(_rows("F-01", p, _b(surv > born), True))
    f02 = _b(blast.isin([2, 3]) & (born == 0)) | _b((blast == 3) & (born < 2))
    out.append(_rows("F-02", p, f02, True))
    f03 = _b(born > age - prm.min_mother_age) | _b(born > prm.max_children_born)
    out.append(_rows("F-03", p, f03, True))
    return out


def household_rules(q: Questionnaire, h: pd.DataFrame, p: pd.DataFrame) -> list[pd.DataFrame]:
    prm, ref = q.params, q.reference
    p = schemas.with_derived(q, "persons", p)
    out = []
    out.append(_rows("S-08", h, h.duplicated(KEY, keep=False).to_numpy(), False))
    hk = h.drop_duplicates(KEY).set_index(KEY)
    orphan = ~p.set_index(KEY).index.isin(hk.index)
    out.append(_rows("S-08", p, orphan, True))

    keys = [p["ea_id"], p["hh_no"]]

    def count(mask: pd.Series) -> pd.Series:
        return mask.fillna(False).astype(int).groupby(keys).sum()

    rel = p["relationship"]
    line = p["line_no"]
    size = p.groupby(KEY).size()
    lines_ok = (
        (line.groupby(keys).min() == 1)
        & (line.groupby(keys).max() == size)
        & (line.groupby(keys).nunique() == size)
    )
    stats = pd.DataFrame(
        {
            "rows": size,
            "heads": count(rel == 0),
            "spouses": count(rel == 1),
            "parents": count(rel == 3),
            "in_laws": count(rel == 4),
            "here": count(p["residence"] == 1),
            "adults": count(p["age"] >= 15),
            "lines_ok": lines_ok,
        }
    )
    first = p[p["line_no"] == 1].set_index(KEY)["relationship"]
    stats["line1_head"] = first.reindex(stats.index).eq(0).fillna(False)
    refmonths = ref.year * 12 + ref.month
    ym = p["birth_year"] * 12 + p["birth_month"]
    newborn = _b((ym >= refmonths - 12) & (ym <= refmonths - 1))
    stats["born_m"] = (
        p[newborn & _b(p["sex"] == 1)].groupby(KEY).size().reindex(stats.index, fill_value=0)
    )
    stats["born_f"] = (
        p[newborn & _b(p["sex"] == 2)].groupby(KEY).size().reindex(stats.index, fill_value=0)
    )
    reported = p["birth_last_year"].map({1: 0, 2: 1, 3: 2}, na_action="ignore").fillna(0)
    stats["reported"] = (
        reported.groupby([p["ea_id"], p["hh_no"]]).sum().reindex(stats.index, fill_value=0)
    )

    hh = hk.join(stats, how="left")
    hh["rows"] = hh["rows"].fillna(0)
    family = _b(hh["hh_type"] == 1)
    has_rows = hh["rows"].to_numpy() > 0
    dead = hh.index.get_level_values("hh_no") == "999"
    flat = hh.reset_index()

    def add(rule: str, mask: np.ndarray) -> None:
        out.append(_rows(rule, flat, mask, False))

    add("S-01", family & has_rows & (hh["heads"].fillna(0).to_numpy() != 1))
    add("S-02", has_rows & ~(_b(hh["lines_ok"]) & _b(hh["line1_head"])))
    add("S-03", _b(hh["spouses"] > 1))
    add("S-04", _b((hh["n_present"] + hh["n_away"]) != hh["rows"]))
    add("S-05", _b(hh["n_present"] != hh["here"].fillna(0)))
    births = hh["births_m"] + hh["births_f"]
    s07 = (~dead & ~has_rows) | (
        dead & (has_rows | _b((hh["n_present"] != 0) | (hh["n_away"] != 0) | (births != 0)))
    )
    add("S-07", s07)
    add("S-09", _b(hh["rows"] > prm.max_household_size))
    add("S-10", family & has_rows & _b(hh["adults"] == 0))
    low, high = prm.floor_area_per_person
    ratio = hh["floor_area"].astype("Float64") / hh["n_present"].astype("Float64").replace(0, pd.NA)
    add("S-11", _b((ratio < low) | (ratio > high)))
    add("R-09", family & _b((hh["parents"] > 2) | (hh["in_laws"] > 2)))
    add("F-04", _b(hh["born_m"] > hh["births_m"]) | _b(hh["born_f"] > hh["births_f"]))
    add("F-05", _b(hh["reported"] > births))
    out.append(_rows("S-06", p, _b((p["residence"] != 1) & (p["hukou_place"] != 1)), True))

    # Kinship edits, family households only, against the head (first line with relationship 0).
    fam_keys = hh.index[family]
    fam = p.set_index(KEY).loc[lambda d: d.index.isin(fam_keys)].reset_index()
    heads = fam[fam["relationship"] == 0].sort_values("line_no").drop_duplicates(KEY)
    heads = heads[[*KEY, "age", "sex", "marital_status"]].rename(
        columns={"age": "h_age", "sex": "h_sex", "marital_status": "h_marital"}
    )
    m = fam.merge(heads, on=KEY, how="inner")
    rel, a, ha = m["relationship"], m["age"], m["h_age"]
    is_head = _b(rel == 0) & m.duplicated(KEY).pipe(lambda s: ~s).to_numpy()
    out.append(
        _rows("R-01", heads.rename(columns={"h_age": "age"}), _b(heads["h_age"] < 15), False)
    )
    spouse = _b(rel == 1)
    out.append(_rows("R-02", m, spouse & _b(m["sex"] == m["h_sex"]), True))
    with_spouse = set(map(tuple, m.loc[spouse, KEY].to_numpy()))
    has_spouse = np.array(
        [(e, n) in with_spouse for e, n in zip(m["ea_id"], m["hh_no"], strict=True)]
    )
    not_married = _b(~m["marital_status"].isin([2, 3]) & (a >= 15) & m["marital_status"].notna())
    r03 = has_spouse & not_married & (spouse | (_b(rel == 0) & is_head))
    out.append(_rows("R-03", m, r03, True))
    out.append(_rows("R-04", m, spouse & _b((a - ha).abs() > prm.spouse_age_gap), True))
    child = _b(rel == 2)
    r05 = child & _b(a >= ha)
    out.append(_rows("R-05", m, r05, True))
    out.append(_rows("R-06", m, child & ~r05 & _b(ha - a < prm.child_min_gap), True))
    out.append(_rows("R-07", m, _b(rel == 3) & _b(a - ha < prm.parent_min_gap), True))
    r08 = (_b(rel == 7) & _b(ha - a < prm.grand_min_gap)) | (
        _b(rel == 5) & _b(a - ha < prm.grand_min_gap)
    )
    out.append(_rows("R-08", m, r08, True))
    return out


def coverage(
    q: Questionnaire, eas: pd.DataFrame, listing: pd.DataFrame, h: pd.DataFrame, p: pd.DataFrame
) -> list[pd.DataFrame]:
    listed = listing.set_index(KEY)
    submitted = h.drop_duplicates(KEY).set_index(KEY)
    out = [
        _rows("C-01", listing, ~listed.index.isin(submitted.index), False),
        _rows("C-02", h, ~h.set_index(KEY).index.isin(listed.index), False),
    ]
    counts = p.groupby(KEY).size()
    both = listed.join(submitted[[]], how="inner")
    n = counts.reindex(both.index, fill_value=0)
    expected = both["expected_persons"]
    c03 = _b((n - expected).abs() > q.params.listing_person_tolerance)
    out.append(_rows("C-03", both.reset_index(), c03, False))
    empty = ~eas["ea_id"].isin(listing["ea_id"]) | ~eas["ea_id"].isin(h["ea_id"])
    out.append(_rows("C-04", eas.assign(hh_no=None), empty.to_numpy(), False))
    return out


def signals(q: Questionnaire, eas: pd.DataFrame, p: pd.DataFrame) -> list[pd.DataFrame]:
    prm = q.params
    p = schemas.with_derived(q, "persons", p)
    out = []
    for suffix, subset in (("", p), ("-HERE", p[_b(p["residence"] == 1)])):
        g = subset.groupby("ea_id")
        by_ea = subset["ea_id"]
        n = g.size()
        age = subset["age"]

        def per_ea(mask: pd.Series, by_ea: pd.Series = by_ea) -> pd.Series:
            return mask.fillna(False).astype(int).groupby(by_ea).sum()

        males = per_ea(subset["sex"] == 1)
        ratio = 100 * males / (n - males).replace(0, np.nan)
        sex_bad = (n >= prm.sex_ratio_min_persons) & (
            (ratio < prm.sex_ratio[0]) | (ratio > prm.sex_ratio[1])
        )
        infant_bad = per_ea(age == 0) < per_ea(age == 1) / 2
        window = per_ea((age >= 23) & (age <= 62))
        heaped = per_ea((age >= 23) & (age <= 62) & (age % 5 == 0))
        whipple = 500 * heaped / window.replace(0, np.nan)
        whipple_bad = whipple > prm.whipple_max
        for rule, bad in (("I-SEX", sex_bad), ("I-INFANT", infant_bad), ("I-WHIPPLE", whipple_bad)):
            eas_bad = bad[bad.fillna(False)].index
            out.append(
                pd.DataFrame(
                    {
                        "rule_id": rule + suffix,
                        "ea_id": list(eas_bad),
                        "hh_no": None,
                        "line_no": None,
                    }
                )
            )
    return out


def findings(q: Questionnaire, survey: object) -> pd.DataFrame:
    """Every finding of the reference rules on a survey with eas, listing, households, persons."""
    eas, listing = survey.eas, survey.listing  # type: ignore[attr-defined]
    h, p = survey.households, survey.persons  # type: ignore[attr-defined]
    parts = [
        *validity(q, "households", h),
        *validity(q, "persons", p),
        *person_rules(q, p),
        *household_rules(q, h, p),
        *coverage(q, eas, listing, h, p),
        *signals(q, eas, p),
    ]
    parts = [part for part in parts if len(part)]
    if not parts:
        return pd.DataFrame(columns=["rule_id", "ea_id", "hh_no", "line_no"])
    return pd.concat(parts, ignore_index=True)
