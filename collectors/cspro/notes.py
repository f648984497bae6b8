"""Notes of a conversion: what of the CSPro dictionary was left out or changed, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """``subject`` names the CSPro record or item the note is about."""

    subject: str
    message_en: str
    message_zh: str

    def message(self, lang: str = "en") -> str:
        text = self.message_zh if lang == "zh" else self.message_en
        return f"{self.subject}: {text}"
