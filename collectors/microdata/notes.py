"""What a description decided or left out, said in both languages, naming the column concerned."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """``subject`` names the source column (or the key) the note is about."""

    subject: str
    message_en: str
    message_zh: str

    def message(self, lang: str = "en") -> str:
        text = self.message_zh if lang == "zh" else self.message_en
        return f"{self.subject}: {text}"
