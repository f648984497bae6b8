"""ODK / Kobo XLSForm surveys and their exported data, brought into our questionnaire and tables.

:func:`convert_form` reads an XLSForm into a :class:`Conversion` — our questionnaire definition
and the notes on what it could not carry over; :func:`read_export` reads a Kobo/ODK export
workbook of that form into typed household and person tables.
"""

from collectors.xlsform.convert import Conversion, Options, convert, convert_form
from collectors.xlsform.export import ExportData, read_export
from collectors.xlsform.form import Form, read_form
from collectors.xlsform.notes import Note
from collectors.xlsform.writing import definition_text

__all__ = [
    "Conversion",
    "ExportData",
    "Form",
    "Note",
    "Options",
    "convert",
    "convert_form",
    "definition_text",
    "read_export",
    "read_form",
]
