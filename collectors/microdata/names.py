"""Column names (``Highest Degree``) as our item names (``highest_degree``): lower-case letters,
digits and ``_``, starting with a letter, unique within the definition."""

from __future__ import annotations

import re

RESERVED = frozenset({"ea_id", "hh_no", "line_no", "stratum", "psu", "prob", "weight"})
"""Names our keys and the exports' design variables take; a column called so is renamed."""


def item_name(column: str) -> str:
    name = re.sub(r"[^a-z0-9_]+", "_", column.strip().lower()).strip("_")
    name = re.sub(r"_+", "_", name)
    if not name or not name[0].isalpha():
        name = f"x_{name}" if name else "x"
    return name


class Names:
    """Hands out unique names; a name already taken gets ``_2``, ``_3`` … ."""

    def __init__(self) -> None:
        self.taken = set(RESERVED)

    def claim(self, column: str) -> str:
        base = item_name(column)
        name, n = base, 1
        while name in self.taken:
            n += 1
            name = f"{base}_{n}"
        self.taken.add(name)
        return name
