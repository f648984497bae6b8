"""The one error of the export: something the user asked for that cannot be done."""

from __future__ import annotations

from survey.errors import Refusal


class ExportError(Refusal):
    """An export that cannot be made (bad format, unusable folder, too many rows for XLSX …).

    ``message(lang)`` is one sentence saying what is wrong and what to do instead.
    """

    code = "refused_export"
    status = 422
