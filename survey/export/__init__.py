"""The clean dataset export: approved households and their persons, weighted and documented.

``export_dataset(survey, out_dir, formats=..., public=..., include_unapproved=...)`` writes
households and persons files (CSV, Parquet, Stata, SPSS, XLSX), a codebook (JSON, Markdown, HTML)
and a manifest into a folder and returns the :class:`Manifest`. The ``survey export`` command and
the office web page both call it.
"""

from survey.export.dataset import FORMATS, export_dataset, parse_formats
from survey.export.errors import ExportError
from survey.export.manifest import FileEntry, Manifest
from survey.export.select import REASONS, LeftOut
from survey.export.weights import StratumTotal

__all__ = [
    "FORMATS",
    "REASONS",
    "ExportError",
    "FileEntry",
    "LeftOut",
    "Manifest",
    "StratumTotal",
    "export_dataset",
    "parse_formats",
]
