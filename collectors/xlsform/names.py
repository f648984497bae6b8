"""Item names for form fields (:mod:`collectors.names`): unique across the survey, the keys taken
from the start; a field's name that does not start with a letter (``_1``) is led by ``q_``."""

from __future__ import annotations

from collectors import names

KEYS = ("ea_id", "hh_no", "line_no")
LEAD = "q"


def spelled(name: str) -> str:
    """``name`` in our alphabet, led by ``q_`` where it does not start with a letter."""
    return names.spelled(name, LEAD)


def item_names() -> names.Names:
    """The names of one form's items, none of them a key."""
    return names.Names(KEYS, LEAD)
