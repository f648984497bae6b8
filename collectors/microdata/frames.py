"""The frame tables (EAs and listing) of a converted definition: the default questionnaire's,
with our ``ea_id`` and ``hh_no``, without the EA's ``name`` (rule V-06 reads ``name`` as a
person's name) and without its Chinese code formats and lengths."""

from __future__ import annotations

from typing import Any

from schemas import default_questionnaire


def frame_tables(keys: dict[str, dict[str, Any]], optional: set[str]) -> dict[str, Any]:
    """``optional`` names the eas items (stratum, psu, prob) the data leave blank somewhere."""
    default = default_questionnaire()
    out: dict[str, Any] = {}
    for name in ("eas", "listing"):
        table = default.tables[name].model_dump(mode="json", exclude_defaults=True)
        table.pop("name", None)
        items = []
        for entry in table["items"]:
            if entry["name"] in keys:
                items.append(keys[entry["name"]])
                continue
            if name == "eas" and entry["name"] == "name":
                continue
            entry.pop("max_length", None)
            if name == "eas" and entry["name"] in optional:
                entry["required"] = False
            items.append(entry)
        table["items"] = items
        table["frame"] = True
        out[name] = table
    return out
