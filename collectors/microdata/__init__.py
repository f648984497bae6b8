"""Other organisations' flat microdata (one row per person with the household's variables
repeated, or a household file and a person file) described as our questionnaire definition and
written as our flat files.

:func:`convert_files` reads the data and returns a :class:`Conversion`: the drafted definition,
the notes of everything decided, and the households, persons, eas and listing tables as text.
"""

from collectors.microdata.convert import Conversion, convert, convert_files
from collectors.microdata.options import Options
from collectors.microdata.reading import Source, read_source
from collectors.microdata.writing import definition_text
from collectors.notes import Note

__all__ = [
    "Conversion",
    "Note",
    "Options",
    "Source",
    "convert",
    "convert_files",
    "definition_text",
    "read_source",
]
