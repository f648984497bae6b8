"""The base of the survey's refusals: something it will not do, said in Chinese and English."""

from __future__ import annotations


class Refusal(Exception):
    """A refused request with a message in both languages; ``message(lang)`` picks one.

    Subclasses add what their callers need (a stable ``code``, an HTTP ``status``, details)."""

    def __init__(self, en: str, zh: str) -> None:
        self.en, self.zh = en, zh
        super().__init__(en)

    def message(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en
