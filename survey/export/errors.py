"""The one error of the export: something the user asked for that cannot be done."""

from __future__ import annotations


class ExportError(Exception):
    """An export that cannot be made (bad format, unusable folder, too many rows for XLSX …).

    ``message(lang)`` is one sentence saying what is wrong and what to do instead.
    """

    def __init__(self, en: str, zh: str) -> None:
        self.en, self.zh = en, zh
        super().__init__(en)

    def message(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en
