"""Bilingual, located refusals of a CSPro dictionary or data file (as :class:`InputError`)."""

from __future__ import annotations

from pathlib import Path

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


def utf8_file(path: Path, en: str, zh: str) -> tuple[bytes, str]:
    """The file's bytes and its text (a byte-order mark dropped); refused, located, when it
    cannot be read or is not UTF-8, with ``en``/``zh`` saying what to do."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise unreadable(path.name, exc.strerror or "no such file") from None
    try:
        return data, data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refusal(
            "encoding",
            f"is not UTF-8 text; {en}",
            f"不是 UTF-8 编码；{zh}",
            path.name,
            row=data[: exc.start].count(b"\n") + 1,
        ) from None
