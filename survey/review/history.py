"""A household's history: its versions and actions from the audit trail, and version diffs."""

from __future__ import annotations

import pandas as pd

from schemas import Questionnaire
from survey.context import Survey
from survey.store import events, users
from survey.store import paradata as paradata_store
from survey.store import records as records_store

DIFF_COLUMNS = ["table", "line_no", "field", "old", "new"]
CHANGE_COLUMNS = [*DIFF_COLUMNS, "version", "user", "at"]
Tables = tuple[pd.DataFrame, pd.DataFrame]


def history(survey: Survey, ea_id: str, hh_no: str) -> pd.DataFrame:
    """Every event of the household in order: submissions (with their version) and actions,
    with who, when, the states before and after, and any comment."""
    return events.for_household(survey.store.read, ea_id, hh_no)


def versions(survey: Survey, ea_id: str, hh_no: str) -> pd.DataFrame:
    """The household's versions in order: version, source (form, api, import), user, at, the
    submitter's role (the office enters on behalf of an enumerator) and when the interview
    started and ended (blank without paradata: an import, a version stored before it was kept)."""
    db = survey.store.read
    found = records_store.version_ids(db, ea_id, hh_no)
    # An import without ``--as`` has no submitter: a column of blanks, not of ids.
    out = found.assign(
        user=found["submitted_by"].map(users.user_names(db)),
        role=found["submitted_by"].map(users.user_roles(db)),
    )
    out = out.rename(columns={"submitted_at": "at"})[["version", "source", "user", "at", "role"]]
    out = out.merge(paradata_store.for_household(db, ea_id, hh_no), on="version", how="left")
    return out.astype(object).where(out.notna(), None)


def _version_tables(survey: Survey, ea_id: str, hh_no: str, version: int) -> Tables:
    ids = records_store.version_ids(survey.store.read, ea_id, hh_no)
    match = ids[ids["version"] == version]
    if match.empty:
        raise LookupError(f"household {ea_id}/{hh_no} has no version {version}")
    tables = records_store.records(
        survey.store.read, survey.questionnaire, version_ids=[int(match["version_id"].iloc[0])]
    )
    return tables.households, tables.persons


def _text(series: pd.Series) -> pd.Series:
    return series.astype("string").fillna("")


def _diff_tables(q: Questionnaire, old: Tables, new: Tables) -> pd.DataFrame:
    old_hh, old_people = old
    new_hh, new_people = new
    parts = []
    for item in q.households.questions:
        before, after = _text(old_hh[item.name]).iloc[0], _text(new_hh[item.name]).iloc[0]
        if before != after:
            parts.append(
                pd.DataFrame(
                    [["households", pd.NA, item.name, before, after]], columns=DIFF_COLUMNS
                )
            )
    fields = [i.name for i in q.persons.questions]
    left = old_people.drop_duplicates("line_no").set_index("line_no")[fields]
    right = new_people.drop_duplicates("line_no").set_index("line_no")[fields]
    lines = left.index.union(right.index)
    left, right = left.reindex(lines), right.reindex(lines)
    for name in fields:
        before, after = _text(left[name]), _text(right[name])
        changed = before != after
        if changed.any():
            parts.append(
                pd.DataFrame(
                    {
                        "table": "persons",
                        "line_no": lines[changed.to_numpy()],
                        "field": name,
                        "old": before[changed].to_numpy(),
                        "new": after[changed].to_numpy(),
                    }
                )
            )
    if not parts:
        return pd.DataFrame(columns=DIFF_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["line_no"] = out["line_no"].astype("Int64")
    return out.sort_values(["table", "line_no", "field"], na_position="first", ignore_index=True)


def diff(survey: Survey, ea_id: str, hh_no: str, old: int, new: int) -> pd.DataFrame:
    """Fields that differ between two versions: table, person line, field, old and new value
    (blank for a person added or removed)."""
    return _diff_tables(
        survey.questionnaire,
        _version_tables(survey, ea_id, hh_no, old),
        _version_tables(survey, ea_id, hh_no, new),
    )


def _key(frame: pd.DataFrame) -> pd.Series:
    line = frame["line_no"].astype("Int64").astype("string").fillna("")
    return frame["table"].astype(str) + "|" + line + "|" + frame["field"].astype(str)


def changes(survey: Survey, ea_id: str, hh_no: str, old: int, new: int) -> pd.DataFrame:
    """The diff from version ``old`` to ``new`` (either order), each change with the version
    that last made it, who submitted that version and when."""
    old, new = sorted((old, new))
    tables = {v: _version_tables(survey, ea_id, hh_no, v) for v in range(old, new + 1)}
    q = survey.questionnaire
    out = _diff_tables(q, tables[old], tables[new])
    made_in = pd.Series(pd.NA, index=out.index, dtype="Int64")
    keys = _key(out)
    for version in range(old + 1, new + 1):
        step = _diff_tables(q, tables[version - 1], tables[version])
        made_in[keys.isin(set(_key(step)))] = version
    who = versions(survey, ea_id, hh_no).set_index("version")
    out["version"] = made_in
    out["user"] = [None if pd.isna(v) else who.at[int(v), "user"] for v in made_in]
    out["at"] = [None if pd.isna(v) else who.at[int(v), "at"] for v in made_in]
    return out[CHANGE_COLUMNS]
