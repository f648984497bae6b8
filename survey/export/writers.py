"""Streaming writers of CSV and Parquet: one batch at a time, byte-identical for the same data.

Neither file holds a timestamp. CSV is UTF-8 with a byte-order mark (Excel then opens Chinese
text correctly), comma-separated, CRLF line ends, a header row, blank for absent; texts are quoted.
A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, so that a spreadsheet opening the file shows it as text instead of running it as a
formula (CSV injection). Parquet is written with fixed settings (format 2.6, zstd level 1,
dictionary encoding, statistics, one row group per chunk of households) and carries pandas
metadata, so ``pandas.read_parquet`` gives back the nullable ``Int64``/``string`` columns of the
survey's typed tables; each field's metadata holds its zh and en labels.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import IO, Protocol

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from schemas import ItemType
from survey.export.columns import Layout

BOM = b"\xef\xbb\xbf"
FORMULA_START = r"^[=+\-@\t\r]"
FORMULA_PREFIX = "'"
PANDAS_DTYPES = {ItemType.INTEGER: "Int64", ItemType.NUMBER: "Float64", ItemType.TEXT: "string"}


class Sink(Protocol):
    def write(self, batch: pa.RecordBatch) -> None: ...

    def close(self) -> None:
        """Finish the file."""

    def abort(self) -> None:
        """Release the file without finishing it (the export failed; the file is discarded)."""


def neutralise_formulas(array: pa.Array) -> pa.Array:
    """Texts that a spreadsheet would run as a formula, with a leading apostrophe."""
    risky = pc.fill_null(pc.match_substring_regex(array, FORMULA_START), False)
    if not pc.any(risky).as_py():
        return array
    return pc.if_else(risky, pc.binary_join_element_wise(FORMULA_PREFIX, array, ""), array)


class CsvSink:
    def __init__(self, path: Path, layout: Layout) -> None:
        self.path = path
        self._text = [c.name for c in layout.columns if c.type == ItemType.TEXT]
        self._handle: IO[bytes] = path.open("wb")
        self._handle.write(BOM)
        self._writer = pa_csv.CSVWriter(
            self._handle, layout.schema(), write_options=pa_csv.WriteOptions(eol="\r\n")
        )

    def write(self, batch: pa.RecordBatch) -> None:
        arrays = [
            neutralise_formulas(batch.column(name)) if name in self._text else batch.column(name)
            for name in batch.schema.names
        ]
        self._writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=batch.schema))

    def close(self) -> None:
        self._writer.close()
        self._handle.close()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._writer.close()
        self._handle.close()


def parquet_schema(layout: Layout) -> pa.Schema:
    """The layout's schema with field labels and the pandas metadata of the typed tables."""
    fields = [
        pa.field(
            c.name,
            c.arrow_type,
            metadata={"label_zh": c.label.zh, "label_en": c.label.en},
        )
        for c in layout.columns
    ]
    empty = pd.DataFrame({c.name: pd.Series(dtype=PANDAS_DTYPES[c.type]) for c in layout.columns})
    pandas_meta = pa.Schema.from_pandas(empty, preserve_index=False).metadata or {}
    meta = {b"pandas": pandas_meta[b"pandas"]} if b"pandas" in pandas_meta else {}
    meta[b"survey.table"] = json.dumps(layout.table).encode()
    return pa.schema(fields, metadata=meta)


class ParquetSink:
    def __init__(self, path: Path, layout: Layout) -> None:
        self.path = path
        self.schema = parquet_schema(layout)
        self._writer = pq.ParquetWriter(
            path,
            self.schema,
            version="2.6",
            compression="zstd",
            compression_level=1,
            use_dictionary=True,
            write_statistics=True,
            data_page_size=1 << 20,
        )

    def write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        table = pa.Table.from_batches([batch]).cast(self.schema)
        self._writer.write_table(table, row_group_size=batch.num_rows)

    def close(self) -> None:
        self._writer.close()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._writer.close()
