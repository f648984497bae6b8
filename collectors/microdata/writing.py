"""Described microdata as definition text, with what was decided as comments at its head."""

from __future__ import annotations

from collectors.definition_text import definition_text as yaml_text
from collectors.microdata.convert import Conversion


def definition_text(conversion: Conversion, lang: str = "en") -> str:
    return yaml_text(
        conversion.questionnaire,
        [
            f"Described from the microdata {conversion.source} by 'survey microdata'.",
            "What was decided, and what to review:",
            *(f" - {note.message(lang)}" for note in conversion.notes),
        ],
    )
