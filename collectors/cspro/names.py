"""CSPro names (``P04_AGE``) as our item names (``p04_age``): lower-case letters, digits and ``_``,
starting with a letter, unique within a table."""

from __future__ import annotations

import re


def item_name(cspro_name: str) -> str:
    name = re.sub(r"[^a-z0-9_]+", "_", cspro_name.strip().lower()).strip("_")
    name = re.sub(r"_+", "_", name)
    if not name or not name[0].isalpha():
        name = f"x_{name}" if name else "x"
    return name


class Names:
    """Hands out unique names; a name already taken gets ``_2``, ``_3`` … ."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken = set(taken or ())

    def claim(self, cspro_name: str) -> str:
        base = item_name(cspro_name)
        name, n = base, 1
        while name in self.taken:
            n += 1
            name = f"{base}_{n}"
        self.taken.add(name)
        return name
