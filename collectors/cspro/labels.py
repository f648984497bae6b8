"""CSPro labels as our bilingual labels: the Chinese and English texts where the dictionary has
those languages, otherwise its first language's text for both."""

from __future__ import annotations

from collectors.cspro.model import Texts
from schemas import Label

_ZH = ("zh", "cn", "chs", "cht", "chi", "zho", "chinese", "中文")
_EN = ("en", "eng", "english")


def _pick(texts: Texts, prefixes: tuple[str, ...]) -> str | None:
    for language, text in texts.by_language.items():
        if text.strip() and language.strip().lower().startswith(prefixes):
            return text.strip()
    return None


def label(texts: Texts, fallback: str) -> Label:
    """``fallback`` (usually the CSPro name) when the dictionary gives no text at all."""
    first = texts.first().strip() or fallback
    return Label(zh=_pick(texts, _ZH) or first, en=_pick(texts, _EN) or first)
