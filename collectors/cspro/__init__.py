"""Bringing a CSPro survey in: its data dictionary (.dcf, CSPro 8 JSON or 7.x text) as our
questionnaire definition, and its fixed-width data file (.dat) as our typed tables."""

from collectors.cspro.convert import Conversion, convert
from collectors.cspro.data import CsproData, read_data
from collectors.cspro.dictionary import parse_dictionary, read_dictionary
from collectors.cspro.model import Dictionary
from collectors.notes import Note

__all__ = [
    "Conversion",
    "CsproData",
    "Dictionary",
    "Note",
    "convert",
    "parse_dictionary",
    "read_data",
    "read_dictionary",
]
