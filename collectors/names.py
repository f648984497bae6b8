"""Our item names for other systems' names (a CSPro item ``P04_AGE``, a column ``Highest Degree``,
a form field ``label-test``): lower-case letters, digits and ``_``, starting with a letter, unique
within what they name.

A name keeps its own spelling where it can. A name already taken (by a key such as ``hh_no``, or
by a field of the same name in another group) is prefixed with its group names where it has
groups, then numbered ``_2``, ``_3`` … .
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def spelled(name: str, lead: str = "x") -> str:
    """``name`` in our alphabet: lower case, each run of other characters one ``_`` (none at
    either end); a name that does not start with a letter is led by ``lead`` (``1a``: ``x_1a``)."""
    text = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower()).strip("_")
    text = re.sub(r"_+", "_", text)
    if not text or not text[0].isalpha():
        text = f"{lead}_{text}" if text else lead
    return text


class Names:
    """Hands out unique item names; ``taken`` are in use already, ``lead`` as in :func:`spelled`."""

    def __init__(self, taken: Iterable[str] = (), lead: str = "x") -> None:
        self.taken: set[str] = set(taken)
        self.lead = lead

    def claim(self, name: str, groups: Iterable[str] = ()) -> str:
        """``name`` in our alphabet, else prefixed with its groups, else numbered."""
        wanted = spelled(name, self.lead)
        prefix = "_".join(spelled(group, self.lead) for group in groups)
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
