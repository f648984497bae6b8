"""The survey's refusals: something it will not do, said in Chinese and English.

Every refusal of the application is a :class:`Refusal` — a subclass or an instance — carrying a
stable ``code``, the HTTP ``status`` it answers with, its message in both languages and located
``details``. The web layer renders any of them with one handler, as the JSON API's error body or
as the error page (``web/errors.py``); the command line prints ``message(lang)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Detail:
    """One located part of a refusal: where (``household``, ``persons[line_no=2]``, a body's
    field, a file's row) and what is wrong there."""

    location: str
    en: str
    zh: str

    def message(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en

    def as_json(self, lang: str) -> dict[str, str]:
        return {"location": self.location, "message": self.message(lang)}


class Refusal(Exception):
    """A refused request: ``code`` (stable, for programs), ``status`` (HTTP), a message in each
    language (``message(lang)`` picks one) and located ``details``.

    A subclass names its kind of refusal and sets the class defaults; an instance may override
    ``code`` and ``status`` where one kind answers in several ways."""

    code: str = "refused"
    status: int = 422

    def __init__(
        self,
        en: str,
        zh: str,
        *,
        code: str | None = None,
        status: int | None = None,
        details: Iterable[Detail] = (),
    ) -> None:
        self.en, self.zh = en, zh
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.details = list(details)
        super().__init__(en)

    def message(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en

    def messages(self, lang: str = "en") -> list[str]:
        """The message, then each detail's (what a terminal prints, one per line)."""
        return [self.message(lang), *(d.message(lang) for d in self.details)]

    def body(self, lang: str) -> dict[str, Any]:
        """The JSON API's error body: ``{"error": {"code", "message", "details"}}``."""
        details = [d.as_json(lang) for d in self.details]
        return {"error": {"code": self.code, "message": self.message(lang), "details": details}}


class NotFound(Refusal):
    """No such household, EA, export or job for this user to see or work on."""

    code = "not_found"
    status = 404
