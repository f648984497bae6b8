"""Refusals of microdata: one located, bilingual :class:`collectors.Problem` each."""

from __future__ import annotations

from collectors.problems import InputError, Problem


def refuse(
    en: str, zh: str, file: str | None, row: int | None = None, column: str | None = None
) -> InputError:
    return InputError(
        [Problem(code="microdata", message_en=en, message_zh=zh, file=file, row=row, column=column)]
    )
