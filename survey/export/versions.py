"""Versions named in the manifest: of the exported content, of the rule set, of each file.

The dataset version is a SHA-256 of the exported values themselves, whatever the formats asked
for: for each table, each column's name and type, and three streams of its values — which cells
are blank, the byte length of each text, and the values (integers and reals as 8-byte
little-endian, texts as UTF-8). It does not depend on how rows were cut into chunks, on the file
formats or on library versions, so exporting unchanged data again gives the same version.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from validation import RULES

PREFIX = "sha256:"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _ColumnHash:
    def __init__(self) -> None:
        self.valid = hashlib.sha256()
        self.lengths = hashlib.sha256()
        self.values = hashlib.sha256()

    def add(self, array: pa.Array) -> None:
        self.valid.update(
            array.is_valid().to_numpy(zero_copy_only=False).astype(np.uint8).tobytes()
        )
        if pa.types.is_string(array.type):
            filled = pc.fill_null(array, "")
            lengths = pc.binary_length(filled).to_numpy(zero_copy_only=False).astype("<i8")
            self.lengths.update(lengths.tobytes())
            for chunk in _text_bytes(filled):
                self.values.update(chunk)
        elif pa.types.is_floating(array.type):
            self.values.update(
                pc.fill_null(array, 0.0).to_numpy(zero_copy_only=False).astype("<f8").tobytes()
            )
        else:
            self.values.update(
                pc.fill_null(array, 0).to_numpy(zero_copy_only=False).astype("<i8").tobytes()
            )

    def digest(self) -> str:
        return "".join(h.hexdigest() for h in (self.valid, self.lengths, self.values))


def _text_bytes(array: pa.Array) -> list[memoryview]:
    """The UTF-8 bytes of the texts of a string array without nulls, in order."""
    offsets_buffer, data = array.buffers()[1], array.buffers()[2]
    if data is None or len(array) == 0:
        return []
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)
    first, last = offsets[array.offset], offsets[array.offset + len(array)]
    return [memoryview(data)[int(first) : int(last)]]


class ContentHash:
    """Accumulates the dataset version over the batches of every exported table."""

    def __init__(self) -> None:
        self._tables: dict[str, tuple[pa.Schema, dict[str, _ColumnHash]]] = {}
        self._rows: dict[str, int] = {}

    def start(self, table: str, schema: pa.Schema) -> None:
        self._tables[table] = (schema, {name: _ColumnHash() for name in schema.names})
        self._rows[table] = 0

    def add(self, table: str, batch: pa.RecordBatch) -> None:
        _, columns = self._tables[table]
        for name, hasher in columns.items():
            hasher.add(batch.column(name))
        self._rows[table] += batch.num_rows

    def version(self) -> str:
        digest = hashlib.sha256()
        for table in sorted(self._tables):
            schema, columns = self._tables[table]
            digest.update(f"table\x1f{table}\x1f{self._rows[table]}\x1e".encode())
            for field in schema:
                digest.update(f"{field.name}\x1f{field.type}\x1f".encode())
                digest.update(columns[field.name].digest().encode())
                digest.update(b"\x1e")
        return PREFIX + digest.hexdigest()


def ruleset_version() -> dict[str, object]:
    """The rule catalogue that judged the exported data: a SHA-256 of each rule's id, severity,
    fields and description, with the number of rules."""
    digest = hashlib.sha256()
    for rule_id in sorted(RULES):
        rule = RULES[rule_id]
        digest.update(
            "\x1f".join(
                [
                    rule.id,
                    rule.severity.value,
                    ";".join((*rule.fields, *rule.roles)),
                    rule.title.en,
                    rule.title.zh,
                ]
            ).encode()
        )
        digest.update(b"\x1e")
    return {"rules": len(RULES), "version": PREFIX + digest.hexdigest()}
