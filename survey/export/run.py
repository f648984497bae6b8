"""One export being written into a staging folder: data files, summaries, codebook.

Each chunk of rows becomes one typed Arrow batch, handed to every writer of the table and every
summary (frequencies, dataset version, weighted totals, k-anonymity).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from schemas import Questionnaire
from survey.export import codebook
from survey.export.batches import to_batch
from survey.export.columns import Layout
from survey.export.frequencies import Frequencies
from survey.export.manifest import FileEntry, notes
from survey.export.public import KAnonymity, KAnonymityCounter
from survey.export.statfiles import SpssSink, StataSink
from survey.export.versions import ContentHash, file_sha256
from survey.export.weights import StratumTotals
from survey.export.writers import BOM, CsvSink, ParquetSink, Sink
from survey.export.xlsx import Workbook
from survey.store import Database
from survey.store import export as export_store

TABLES = ("households", "persons")
XLSX_FILE = "dataset.xlsx"
K_ANONYMITY_FILE = "k_anonymity.csv"
SUFFIX = {"csv": ".csv", "parquet": ".parquet", "dta": ".dta", "sav": ".sav"}


def _close(sinks: list[Sink]) -> None:
    """Finish every file; after a failure, release the others without finishing them."""
    for position, sink in enumerate(sinks):
        try:
            sink.close()
        except BaseException:
            for rest in sinks[position + 1 :]:
                rest.abort()
            raise


class ExportRun:
    """One export being written into a staging folder."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        stage: Path,
        layouts: dict[str, Layout],
        formats: tuple[str, ...],
        *,
        lang: str,
        public: bool,
    ) -> None:
        self.q, self.stage, self.layouts, self.formats = questionnaire, stage, layouts, formats
        self.lang, self.public = lang, public
        self.rows: dict[str, int] = {}
        self.on_rows: Callable[[str, int], None] | None = None  # rows of a table written
        self.files: dict[str, tuple[str, str | None]] = {}
        self.frequencies = {t: Frequencies(layouts[t]) for t in TABLES}
        self.content = ContentHash()
        key = "ea_key" if public else "ea_id"
        self.strata = StratumTotals(key)
        self.k_anonymity = (
            KAnonymityCounter(questionnaire.params.k_anonymity, questionnaire.params.top_code_age)
            if public
            else None
        )

    def _sinks(self, table: str, workbook: Workbook | None) -> list[Sink]:
        layout_, title = self.layouts[table], self.q.title(self.lang)
        sinks: list[Sink] = []
        for fmt in self.formats:
            if fmt == "xlsx":
                continue
            name = table + SUFFIX[fmt]
            self.files[name] = (fmt, table)
            path = self.stage / name
            if fmt == "csv":
                sinks.append(CsvSink(path, layout_))
            elif fmt == "parquet":
                sinks.append(ParquetSink(path, layout_))
            elif fmt == "dta":
                sinks.append(StataSink(path, layout_, self.lang, title))
            else:
                sinks.append(SpssSink(path, layout_, self.lang, title))
        if workbook is not None:
            sinks.append(workbook.sheet(layout_, self.rows[table]))
        return sinks

    def _summaries(self, table: str) -> list[Callable[[pa.RecordBatch], None]]:
        out: list[Callable[[pa.RecordBatch], None]] = [
            self.frequencies[table].add,
            lambda batch: self.content.add(table, batch),
            lambda batch: self.strata.add(table, batch),
        ]
        if table == "persons" and self.k_anonymity is not None:
            out.append(self.k_anonymity.add)
        return out

    def write_tables(self, db: Database, chunk_households: int) -> None:
        workbook = None
        if "xlsx" in self.formats:
            workbook = Workbook(self.stage / XLSX_FILE, list(TABLES))
            self.files[XLSX_FILE] = ("xlsx", None)
        try:
            for table in TABLES:
                self._write_table(db, table, workbook, chunk_households)
        finally:
            if workbook is not None:
                workbook.close()

    def _write_table(self, db: Database, table: str, workbook: Workbook | None, chunk: int) -> None:
        layout_ = self.layouts[table]
        selection, items = layout_.selection_sources(), layout_.item_sources(self.q)
        self.content.start(table, layout_.schema())
        sinks, summaries = self._sinks(table, workbook), self._summaries(table)
        try:
            for rows in export_store.rows(
                db, self.q, table, selection, items, chunk_households=chunk
            ):
                batch = to_batch(self.q, layout_, rows, selection, items)
                for sink in sinks:
                    sink.write(batch)
                for summary in summaries:
                    summary(batch)
                if self.on_rows is not None:
                    self.on_rows(table, batch.num_rows)
        except BaseException:
            for sink in sinks:
                sink.abort()
            raise
        _close(sinks)

    def write_k_anonymity(self) -> KAnonymity | None:
        if self.k_anonymity is None:
            return None
        result = self.k_anonymity.result()
        path = self.stage / K_ANONYMITY_FILE
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(BOM.decode("utf-8"))
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(["ea_key", "sex", "age_group", "ethnicity", "persons"])
            writer.writerows([list(row.values()) for row in result.report])
        self.files[K_ANONYMITY_FILE] = ("csv", None)
        return result

    def write_codebook(self, *, include_unapproved: bool, dataset_version: str) -> None:
        doc = codebook.document(
            self.q,
            self.layouts,
            self.frequencies,
            public=self.public,
            include_unapproved=include_unapproved,
            dataset_version=dataset_version,
            notes=notes(
                public=self.public,
                k=self.q.params.k_anonymity,
                top_code_age=self.q.params.top_code_age,
            ),
            lang=self.lang,
        )
        for suffix, render in (
            ("json", codebook.to_json),
            ("md", codebook.to_markdown),
            ("html", codebook.to_html),
        ):
            name = f"codebook.{suffix}"
            (self.stage / name).write_text(render(doc), encoding="utf-8")
            self.files[name] = (suffix, None)

    def file_entries(self) -> list[FileEntry]:
        entries = []
        for name in sorted(self.files):
            fmt, table = self.files[name]
            path = self.stage / name
            entries.append(
                FileEntry(
                    name=name,
                    format=fmt,
                    table=table,
                    rows=self.rows[table] if table else None,
                    bytes=path.stat().st_size,
                    sha256=file_sha256(path),
                )
            )
        return entries
