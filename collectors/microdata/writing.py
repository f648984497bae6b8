"""A converted definition as YAML text in the compact style of ``schemas/questionnaire.yaml``,
with the conversion's notes as comments at its head."""

from __future__ import annotations

from typing import Any

import yaml

from collectors.microdata.convert import Conversion


def definition_text(conversion: Conversion, lang: str = "en") -> str:
    q = conversion.questionnaire
    data: dict[str, Any] = q.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["reference"] = q.reference.model_dump(mode="json")
    for table in data["tables"].values():
        table.pop("name", None)
        for item in table["items"]:
            if "codes" in item:
                item["codes"] = {
                    code["value"]: [code["label"]["zh"], code["label"]["en"]]
                    for code in item["codes"]
                }
    head = [
        f"# Described from the microdata {conversion.source} by 'survey microdata'.",
        "# What was decided, and what to review:",
        *(f"#  - {' '.join(note.message(lang).splitlines())}" for note in conversion.notes),
    ]
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(head) + "\n" + body
