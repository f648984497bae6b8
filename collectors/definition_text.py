"""A converted definition as YAML text, in the compact style of ``schemas/questionnaire.yaml``
(code lists as ``code: [zh, en]``), with comment lines at its head. Shared by the converters of
CSPro dictionaries, XLSForms and other organisations' microdata."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from schemas import Questionnaire


def definition_text(questionnaire: Questionnaire, head: Sequence[str] = ()) -> str:
    """YAML that ``schemas.parse_definition`` reads back equal to ``questionnaire``; each line
    of ``head`` becomes a comment at the top (line breaks inside a line are folded)."""
    data: dict[str, Any] = questionnaire.model_dump(
        mode="json", by_alias=True, exclude_defaults=True
    )
    data["reference"] = questionnaire.reference.model_dump(mode="json")
    for table in data["tables"].values():
        table.pop("name", None)
        for item in table["items"]:
            if "codes" in item:
                item["codes"] = {
                    code["value"]: [code["label"]["zh"], code["label"]["en"]]
                    for code in item["codes"]
                }
    comments = [f"# {' '.join(line.splitlines())}" for line in head]
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return "".join(f"{line}\n" for line in comments) + body
