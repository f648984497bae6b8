"""Bilingual, located refusals of a CSPro dictionary or data file (as :class:`InputError`)."""

from __future__ import annotations

from collectors.problems import InputError, Problem


def refusal(
    code: str, en: str, zh: str, file: str, row: int | None = None, column: str | None = None
) -> InputError:
    """One problem as an :class:`InputError` ready to raise."""
    return InputError([problem(code, en, zh, file, row, column)])


def problem(
    code: str, en: str, zh: str, file: str, row: int | None = None, column: str | None = None
) -> Problem:
    return Problem(code=code, message_en=en, message_zh=zh, file=file, row=row, column=column)


def unreadable(file: str, reason: str) -> InputError:
    return refusal(
        "unreadable",
        f"cannot be read ({reason}); check the path",
        f"无法读取（{reason}），请检查路径",
        file,
    )
