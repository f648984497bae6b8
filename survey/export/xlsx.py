"""A streaming XLSX writer: one workbook, one sheet per table, rows written as they come.

openpyxl's write-only mode needs about 18 s per 100,000 person rows here; this writes the same
Office Open XML (inline strings, a frozen bold header row) in a few seconds and holds one batch in
memory. Texts are always text cells, never formulas; a text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return also gets Excel's own *quote prefix* style (what typing a
leading apostrophe does), so it stays text even when someone edits the cell — the value itself is
unchanged. Zip entries carry a fixed date, so the same data gives the same bytes.
"""

from __future__ import annotations

import contextlib
import re
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from schemas import ItemType
from survey.export.columns import Layout
from survey.export.writers import FORMULA_START

MAX_ROWS = 1_048_576  # rows of a worksheet, the header included
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_LEVEL = 1  # deflate level: sheet XML is repetitive; level 1 is ~4x faster than 6, ~15% larger
# a ZipInfo's own level (a ZipFile's is ignored for a ZipInfo): renamed in Python 3.13
_LEVEL_ATTRIBUTE = "compress_level" if sys.version_info >= (3, 13) else "_compresslevel"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
HEADER_STYLE, QUOTE_PREFIX_STYLE = 1, 2
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9A-Fa-f]{4}_")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")  # \r too: XML reads it as \n

STYLES = (
    f'<styleSheet xmlns="{MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def column_letter(index: int) -> str:
    """A, B, … Z, AA, … for a 0-based column index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(value: str) -> str:
    """Text escaped for XML, with control characters as OOXML ``_xHHHH_`` escapes."""
    if not _NEEDS_ESCAPE.search(value):
        return value
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return escape(value)


def _escaped(array: pa.Array) -> pa.Array:
    """Texts escaped for XML; the rare text with a control character goes through Python."""
    if pc.any(pc.match_substring_regex(array, _NEEDS_ESCAPE.pattern)).as_py():
        return pa.array(
            [None if v is None else _xml_text(v) for v in array.to_pylist()], type=pa.string()
        )
    return array


def _text_cells(array: pa.Array, letter: str, rows: pa.Array) -> pa.Array:
    risky = pc.fill_null(pc.match_substring_regex(array, FORMULA_START), False)
    opening = pc.if_else(
        risky,
        pa.scalar(f'" t="inlineStr" s="{QUOTE_PREFIX_STYLE}"><is><t xml:space="preserve">'),
        pa.scalar('" t="inlineStr"><is><t xml:space="preserve">'),
    )
    return pc.binary_join_element_wise(
        f'<c r="{letter}', rows, opening, _escaped(array), "</t></is></c>", ""
    )


def _number_cells(array: pa.Array, letter: str, rows: pa.Array) -> pa.Array:
    return pc.binary_join_element_wise(
        f'<c r="{letter}', rows, '"><v>', pc.cast(array, pa.string()), "</v></c>", ""
    )


class Workbook:
    """``Workbook(path, ["households", "persons"])``; ``sheet(layout)`` for each in turn."""

    def __init__(self, path: Path, sheets: Sequence[str]) -> None:
        self.path = path
        self.sheets = list(sheets)
        self._zip = zipfile.ZipFile(
            path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL
        )
        self._put("[Content_Types].xml", self._content_types())
        self._put(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>',
        )
        self._put("xl/workbook.xml", self._workbook())
        self._put("xl/_rels/workbook.xml.rels", self._workbook_rels())
        self._put("xl/styles.xml", STYLES)

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        setattr(info, _LEVEL_ATTRIBUTE, ZIP_LEVEL)
        info.external_attr = 0o644 << 16
        return info

    def _put(self, name: str, xml: str) -> None:
        self._zip.writestr(self._info(name), _XML_DECL + xml)

    def _content_types(self) -> str:
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
            for i in range(1, len(self.sheets) + 1)
        )
        return (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{sheets}</Types>"
        )

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(self.sheets, start=1)
        )
        return f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>'

    def _workbook_rels(self) -> str:
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(self.sheets) + 1)
        )
        styles = len(self.sheets) + 1
        return (
            f'<Relationships xmlns="{PKG_REL}">{rels}'
            f'<Relationship Id="rId{styles}" Type="{REL}/styles" Target="styles.xml"/>'
            "</Relationships>"
        )

    def sheet(self, layout: Layout, rows: int) -> Sheet:
        """The sink of the next sheet; ``rows`` (known before writing) sizes the zip entry."""
        number = self.sheets.index(layout.table) + 1
        handle = self._zip.open(
            self._info(f"xl/worksheets/sheet{number}.xml"), "w", force_zip64=rows > 200_000
        )
        return Sheet(handle, layout, rows)

    def close(self) -> None:
        self._zip.close()


class Sheet:
    """One worksheet, written a batch at a time: each row's XML is built by Arrow compute."""

    def __init__(self, handle: IO[bytes], layout: Layout, rows: int) -> None:
        self._handle = handle
        self._letters = [column_letter(i) for i in range(len(layout.columns))]
        self._text = [c.type == ItemType.TEXT for c in layout.columns]
        self._row = 1
        header = "".join(
            f'<c r="{letter}1" t="inlineStr" s="{HEADER_STYLE}"><is><t>{_xml_text(name)}</t></is></c>'
            for letter, name in zip(self._letters, layout.names, strict=True)
        )
        self._write(
            f'{_XML_DECL}<worksheet xmlns="{MAIN}">'
            f'<dimension ref="A1:{self._letters[-1]}{rows + 1}"/>'
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            "</sheetView></sheetViews><sheetData>"
            f'<row r="1">{header}</row>'
        )

    def _write(self, text: str) -> None:
        self._handle.write(text.encode("utf-8"))

    def write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        first = self._row + 1
        self._row += batch.num_rows
        rows = pc.cast(pa.array(np.arange(first, self._row + 1)), pa.string())
        cells = [
            pc.fill_null(
                (_text_cells if text else _number_cells)(batch.column(i), letter, rows), ""
            )
            for i, (letter, text) in enumerate(zip(self._letters, self._text, strict=True))
        ]
        xml = pc.binary_join_element_wise('<row r="', rows, '">', *cells, "</row>", "")
        offsets = np.frombuffer(xml.buffers()[1], dtype=np.int32)
        start, stop = offsets[xml.offset], offsets[xml.offset + len(xml)]
        self._handle.write(memoryview(xml.buffers()[2])[int(start) : int(stop)])

    def close(self) -> None:
        self._write("</sheetData></worksheet>")
        self._handle.close()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._handle.close()
