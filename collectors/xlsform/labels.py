"""Labels of an XLSForm in our two languages, from its ``label::Language (code)`` columns.

English comes from a column whose language is English (``label::English (en)``, ``label::english``),
else from the plain ``label`` column, else from the first language there is; Chinese from a Chinese
column (``label::Chinese (zh)``, ``label::中文`` …), else it repeats the English text.
"""

from __future__ import annotations

import re

from schemas import Label

_CODE = re.compile(r"\(([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\)\s*$")
_NAMES = {
    "en": ("english", "anglais", "inglés", "英语", "英文"),
    "zh": ("chinese", "中文", "汉语", "简体中文", "mandarin", "chinois", "zh"),
}


def language(column: str) -> str | None:
    """``en``, ``zh``, another code, or None for the plain column of the default language."""
    _, sep, name = column.partition("::")
    if not sep:
        return None
    match = _CODE.search(name)
    if match is not None:
        return match.group(1).lower()
    lowered = name.strip().lower()
    for code, names in _NAMES.items():
        if lowered in names or lowered.startswith(names[0]):
            return code
    return lowered


def bilingual(texts: dict[str, str], fallback: str, default_language: str | None = None) -> Label:
    """A :class:`Label` from ``{column: text}``; ``fallback`` where the form has no text."""
    by_language: dict[str | None, str] = {}
    for column, text in texts.items():
        by_language.setdefault(language(column), text)
    default = _default_code(default_language)
    if default is not None and None in by_language:
        by_language.setdefault(default, by_language[None])
    english = by_language.get("en") or by_language.get(None)
    if english is None:
        english = next(iter(by_language.values()), fallback)
    return Label(zh=by_language.get("zh") or english, en=english)


def _default_code(default_language: str | None) -> str | None:
    if not default_language:
        return None
    return language(f"label::{default_language}")
