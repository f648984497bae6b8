"""Which export column holds which form field.

Kobo and ODK name a column by the field's path (``group/sub/field``) or, with group names left
out of the headers, by the field's name alone; a select_multiple also has one column per choice
(``field/choice``). Every spelling that names exactly one field is accepted.
"""

from __future__ import annotations

from collections.abc import Iterable

from collectors.xlsform.form import Field


def spellings(fields: Iterable[Field]) -> dict[str, Field]:
    """Spelling → field, over every suffix of each field's path that names only that field."""
    found: dict[str, Field | None] = {}
    for f in fields:
        for start in range(len(f.path)):
            spelling = "/".join(f.path[start:])
            found[spelling] = None if spelling in found and found[spelling] is not f else f
    return {k: v for k, v in found.items() if v is not None}


def locate(headers: Iterable[str], fields: list[Field]) -> dict[str, str]:
    """For each field (by name) the export column holding it; a field appears at most once."""
    by_spelling = spellings(fields)
    out: dict[str, str] = {}
    for header in headers:
        f = by_spelling.get(header.strip())
        if f is not None and f.name not in out:
            out[f.name] = header
    return out


def choice_columns(headers: Iterable[str], field: Field, column: str | None) -> dict[str, str]:
    """For a select_multiple, choice name → its ``<column>/<choice>`` (or ``<name>/<choice>``)."""
    stems = {f"{'/'.join(field.path[i:])}/" for i in range(len(field.path))}
    if column:
        stems.add(f"{column}/")
    out: dict[str, str] = {}
    for header in headers:
        for stem in stems:
            if header.startswith(stem):
                out.setdefault(header[len(stem) :], header)
    return out
