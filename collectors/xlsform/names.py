"""Item names for form fields: lower-case letters, digits and ``_``, unique across the survey.

A field keeps its own name where it can. A name our model cannot take (``Age``, ``label-test``,
``_1``) is spelled in our alphabet; a name already taken (by a key such as ``hh_no``, or by a
field of the same name in another group) is prefixed with its group names, then numbered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

KEYS = ("ea_id", "hh_no", "line_no")


def spelled(name: str) -> str:
    """``name`` in our alphabet: lower case, other characters as ``_``, starting with a letter."""
    text = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower()).strip("_")
    text = re.sub(r"_+", "_", text)
    if not text or not text[0].isalpha():
        text = f"q_{text}" if text else "q"
    return text


class Names:
    """Hands out unique item names."""

    def __init__(self, taken: Iterable[str] = KEYS) -> None:
        self.taken: set[str] = set(taken)

    def claim(self, name: str, groups: Iterable[str] = ()) -> str:
        """``name`` in our alphabet, else prefixed with its groups, else numbered."""
        wanted = spelled(name)
        prefix = "_".join(spelled(group) for group in groups)
        return self.first([wanted, f"{prefix}_{wanted}"] if prefix else [wanted])

    def first(self, candidates: list[str]) -> str:
        """The first candidate not taken, else the last one numbered ``_2``, ``_3`` …"""
        for candidate in candidates:
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        number = 2
        while f"{candidates[-1]}_{number}" in self.taken:
            number += 1
        chosen = f"{candidates[-1]}_{number}"
        self.taken.add(chosen)
        return chosen
