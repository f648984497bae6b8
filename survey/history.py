"""A household's history: its versions and actions from the audit trail, and version diffs."""

from __future__ import annotations

import pandas as pd

from survey.context import Survey
from survey.store import events
from survey.store import records as records_store

DIFF_COLUMNS = ["table", "line_no", "field", "old", "new"]


def history(survey: Survey, ea_id: str, hh_no: str) -> pd.DataFrame:
    """Every event of the household in order: submissions (with their version) and actions,
    with who, when, the states before and after, and any comment."""
    return events.for_household(survey.store.read, ea_id, hh_no)


def _version_tables(
    survey: Survey, ea_id: str, hh_no: str, version: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
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


def diff(survey: Survey, ea_id: str, hh_no: str, old: int, new: int) -> pd.DataFrame:
    """Fields that differ between two versions: table, person line, field, old and new value
    (blank for a person added or removed)."""
    q = survey.questionnaire
    old_hh, old_people = _version_tables(survey, ea_id, hh_no, old)
    new_hh, new_people = _version_tables(survey, ea_id, hh_no, new)
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
