"""The API's answer for stored household versions (the shape of ``spec/interfaces.md``),
built for many versions with one query per table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from survey.context import Survey
from survey.store import findings, households, records


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, list | tuple | dict) and pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def plain_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a frame as JSON-ready dicts (blank → None, numpy scalars → Python)."""
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _line(value: Any) -> int | None:
    return None if value is None else int(value)


def version_answers(survey: Survey, wanted: Sequence[tuple[int, str]]) -> list[dict[str, Any]]:
    """One answer per (version_id, language), in order."""
    q = survey.questionnaire
    db = survey.store.read
    ids = list(dict.fromkeys(int(v) for v, _ in wanted))
    household_rows, person_rows = records.version_rows(db, ids)
    parent_key = set(q.households.key)
    person_columns = [c for c in q.persons.columns if c not in parent_key]
    household_of = {int(r["version_id"]): r for r in household_rows}
    persons: dict[int, list[dict[str, Any]]] = {}
    for row in person_rows:
        persons.setdefault(int(row["version_id"]), []).append({c: row[c] for c in person_columns})
    found: dict[int, list[dict[str, Any]]] = {}
    for f in plain_records(findings.findings_of(db, ids)):
        found.setdefault(int(f["version_id"]), []).append(f)
    notes: dict[int, list[dict[str, Any]]] = {}
    for n in plain_records(records.explanations_of(db, ids)):
        notes.setdefault(int(n["version_id"]), []).append(
            {"rule_id": n["rule_id"], "line_no": _line(n["line_no"]), "text": n["text"]}
        )
    states = {int(r["version_id"]): r for r in plain_records(households.states_of(db, ids))}
    answers = []
    for version_id, lang in wanted:
        hh = household_of[int(version_id)]
        state = states[int(version_id)]
        answers.append(
            {
                "ea_id": hh["ea_id"],
                "hh_no": hh["hh_no"],
                "version": int(hh["version"]),
                "current_version": int(state["current_version"]),
                "state": state["state"],
                "listed": bool(hh["listed"]),
                "household": {c: hh[c] for c in q.households.columns},
                "persons": persons.get(int(version_id), []),
                "findings": [
                    {
                        "rule_id": f["rule_id"],
                        "severity": f["severity"],
                        "line_no": _line(f["line_no"]),
                        "fields": [x for x in str(f["fields"] or "").split(";") if x],
                        "message": f["message_zh"] if lang == "zh" else f["message_en"],
                        "message_en": f["message_en"],
                        "message_zh": f["message_zh"],
                        "explained": bool(f["explained"]),
                        "waived": bool(f["waived"]),
                    }
                    for f in found.get(int(version_id), [])
                ],
                "explanations": notes.get(int(version_id), []),
            }
        )
    return answers


def version_answer(survey: Survey, version_id: int, lang: str) -> dict[str, Any]:
    return version_answers(survey, [(version_id, lang)])[0]
