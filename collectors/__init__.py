"""The ways data comes in: flat files and submitted payloads, parsed into typed tables.

Structural problems raise :class:`InputError` with located messages; unparseable cells are kept as
cell errors for validation to report. Nothing here validates consistency or stores anything.
"""

from collectors.batch import Batch
from collectors.cells import coerce, empty_cell_errors
from collectors.flatfile import FlatTable, read_flat
from collectors.payload import cell_text, from_submission, from_submissions
from collectors.problems import InputError, Problem
from collectors.survey_files import read_frame, read_survey_files

__all__ = [
    "Batch",
    "FlatTable",
    "InputError",
    "Problem",
    "cell_text",
    "coerce",
    "empty_cell_errors",
    "from_submission",
    "from_submissions",
    "read_flat",
    "read_frame",
    "read_survey_files",
]
