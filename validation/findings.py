"""The findings table: one row per finding, built over columns.

Columns (:data:`FINDING_COLUMNS`): ``rule_id``, ``severity``, ``ea_id``, ``hh_no``, ``line_no``
(``Int64``, blank for household-level findings), ``fields`` (item names joined by ``;``),
``message_en`` and ``message_zh``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from validation.messages import (
    LANGS,
    PREFIX,
    Labels,
    Lang,
    Level,
    code_labels,
    placeholders,
    render,
)

FINDING_COLUMNS = [
    "rule_id",
    "severity",
    "ea_id",
    "hh_no",
    "line_no",
    "fields",
    "message_en",
    "message_zh",
]
FINDINGS_FILE_COLUMNS = ["rule_id", "severity", "ea_id", "hh_no", "line_no", "fields", "message"]
SORT_KEYS = ["ea_id", "hh_no", "line_no", "rule_id"]

_DTYPES = {name: "string" for name in FINDING_COLUMNS} | {"line_no": "Int64"}

Values = Mapping[str, Any]
"""Placeholder values: a Series or array aligned to the frame, or a mapping ``{"en": ..., "zh":
...}`` of such when the text differs by language."""


_EMPTY = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in _DTYPES.items()})


def empty_findings() -> pd.DataFrame:
    """The findings table without rows, shared: rules return it far more often than not, so it
    is not copied (even a shallow copy costs a tenth of a millisecond, seventy times a household).
    Never modify it in place; :func:`validate` hands its callers a frame of their own."""
    return _EMPTY


def _pick(value: Any, rows: np.ndarray) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, pd.Series):
        return value.iloc[rows].reset_index(drop=True)
    if isinstance(value, np.ndarray):
        return value[rows]
    if isinstance(value, pd.api.extensions.ExtensionArray):
        return value.take(rows)
    return pd.Series([value] * len(rows))


def hits(
    frame: pd.DataFrame,
    mask: np.ndarray | pd.Series,
    *,
    level: Level,
    en: str,
    zh: str,
    fields: str | np.ndarray | pd.Series | None = None,
    values: Values | Callable[[], Values] | None = None,
    at_rows: Callable[[np.ndarray], Values] | None = None,
) -> pd.DataFrame:
    """Findings for the rows of ``frame`` where ``mask`` holds.

    ``en`` and ``zh`` are message templates; the location prefix of ``level`` is put in front.
    Placeholders are filled from ``values`` first, then from ``frame``'s columns. ``values``
    may be a function returning the mapping, called only when there is a finding (most calls
    find nothing, and message values such as code labels cost more than the check).
    ``at_rows(rows)`` gives further values already aligned to the found rows (positions in
    ``frame``), for text that is worth building only where there is a finding.
    """
    rows = np.flatnonzero(np.asarray(mask, dtype=bool))
    if rows.size == 0:
        return empty_findings()
    if callable(values):
        values = values()
    values = values or {}
    aligned = at_rows(rows) if at_rows is not None else {}
    out: dict[str, Any] = {}
    for key in ("ea_id", "hh_no"):
        wanted = level in ("person", "household") or (key == "ea_id" and level == "ea")
        out[key] = _pick(frame[key], rows) if wanted else pd.NA
    out["line_no"] = _pick(frame["line_no"], rows) if level == "person" else pd.NA
    out["fields"] = _pick(fields, rows) if fields is not None else pd.NA
    for lang, template in zip(LANGS, (en, zh), strict=True):
        full = PREFIX[level][lang] + template
        filled: dict[str, Any] = {}
        for name in placeholders(full):
            if name in filled:
                continue
            if name in aligned:
                value = aligned[name]
                filled[name] = value[lang] if isinstance(value, Mapping) else value
                continue
            value = values[name] if name in values else frame[name]
            if isinstance(value, Mapping):
                value = value[lang]
            if isinstance(value, Labels):
                picked = _pick(value.values, rows)
                filled[name] = code_labels(value.item, picked, lang).fillna("?")
            else:
                filled[name] = _pick(value, rows)
        out[f"message_{lang}"] = render(full, filled, rows.size, lang)
    found = pd.DataFrame(out, index=pd.RangeIndex(rows.size))
    return found.astype({k: v for k, v in _DTYPES.items() if k in found})


def combine(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate findings (or a rule's hits, which lack ``rule_id`` and ``severity`` until the
    registry adds them), in :data:`FINDING_COLUMNS` order with their dtypes."""
    kept = [part for part in parts if not part.empty]
    if not kept:
        return empty_findings()
    out = kept[0] if len(kept) == 1 else pd.concat(kept, ignore_index=True)
    columns = [name for name in FINDING_COLUMNS if name in out.columns]
    return out[columns].astype({name: _DTYPES[name] for name in columns})


def sort_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """Sorted by ``ea_id``, ``hh_no``, ``line_no``, ``rule_id`` (blanks first: survey-wide and
    EA-level findings before households, household-level before person lines)."""
    if findings.empty:
        return findings.reset_index(drop=True)
    return findings.sort_values(
        SORT_KEYS, na_position="first", kind="stable", ignore_index=True
    ).reset_index(drop=True)


def findings_file(findings: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The findings file of spec/interfaces.md: ``rule_id, severity, ea_id, hh_no, line_no,
    fields, message`` with the message in ``lang`` (``en`` or ``zh``)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    chosen: Lang = "zh" if lang == "zh" else "en"
    missing = [c for c in FINDING_COLUMNS if c not in findings.columns]
    if missing:
        raise ValueError(f"not a findings table: it lacks {', '.join(missing)}")
    out = findings[FINDING_COLUMNS[:6]].copy()
    out["message"] = findings[f"message_{chosen}"]
    return out[FINDINGS_FILE_COLUMNS].reset_index(drop=True)
