"""Notes of a conversion (CSPro, microdata): what was decided, left out or changed, and why, said
in both languages and naming what of the source it is about."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """``subject`` names what of the source the note is about: a CSPro record or item, a
    microdata column (or the key)."""

    subject: str
    message_en: str
    message_zh: str

    def message(self, lang: str = "en") -> str:
        text = self.message_zh if lang == "zh" else self.message_en
        return f"{self.subject}: {text}"
