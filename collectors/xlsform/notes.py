"""What a conversion could not carry over, said in both languages, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """One thing left out or changed, located by the form field (and its survey-sheet row)."""

    code: str
    subject: str
    message_en: str
    message_zh: str
    row: int | None = None

    def text(self, lang: str = "en") -> str:
        message = self.message_zh if lang == "zh" else self.message_en
        if self.row is None:
            return f"{self.subject}: {message}"
        where = f"survey row {self.row}" if lang == "en" else f"survey 第{self.row}行"
        return f"{self.subject} ({where}): {message}"
