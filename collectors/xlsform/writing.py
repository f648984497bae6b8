"""A converted XLSForm as definition text, with the conversion's notes as comments at its head."""

from __future__ import annotations

from collectors.definition_text import definition_text as yaml_text
from collectors.xlsform.convert import Conversion


def definition_text(conversion: Conversion, lang: str = "en") -> str:
    return yaml_text(
        conversion.questionnaire,
        [
            f"Converted from the XLSForm {conversion.form.source} by 'survey xlsform questionnaire'.",
            "What the conversion left out or changed:",
            *(f" - {note.text(lang)}" for note in conversion.notes),
        ],
    )
