"""Located problems with an input: what file, row and column, what is wrong, what to do.

A structural problem (a missing column, an unreadable file, a duplicate key) means the input cannot
be read as a whole; it is raised as :class:`InputError` carrying every problem found, and nothing
is written anywhere. A cell that merely cannot be parsed is *not* a problem of this kind: it is kept
as a cell error and becomes a V-03 finding.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One structural problem, with its location and a message in both languages."""

    code: str
    message_en: str
    message_zh: str
    file: str | None = None
    row: int | None = None
    column: str | None = None

    def where(self, lang: str = "en") -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}" if lang == "en" else f"第{self.row}行")
        if self.column:
            parts.append(f"column {self.column}" if lang == "en" else f"列 {self.column}")
        return ", ".join(parts) if lang == "en" else "，".join(parts)

    def message(self, lang: str = "en") -> str:
        text = self.message_zh if lang == "zh" else self.message_en
        where = self.where(lang)
        return f"{where}: {text}" if where else text


class InputError(Exception):
    """An input that cannot be read as a whole; ``problems`` says every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message() for p in problems[:5]))

    def messages(self, lang: str = "en", limit: int = 20) -> list[str]:
        lines = [p.message(lang) for p in self.problems[:limit]]
        hidden = len(self.problems) - limit
        if hidden > 0:
            lines.append(f"… and {hidden} more" if lang == "en" else f"……另有{hidden}处")
        return lines
