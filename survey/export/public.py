"""Public-use files: pseudonymous keys and the k-anonymity report.

Keys are HMAC-SHA-256 of the real code under a per-survey secret kept in the database (made on the
first public export), cut to 16 hex digits: the same household gets the same key in every export,
and nobody without the secret can go back from a key to an EA or household, nor test a guess.

The k-anonymity report counts persons in the cells of the quasi-identifiers (sex, age group,
ethnicity, EA) and lists each cell holding fewer than k persons. It reports; it suppresses nothing:
the office decides (recode, suppress, or release) from it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

KEY_HEX_DIGITS = 16
AGE_GROUP_WIDTH = 5
QUASI_IDENTIFIERS = ("sex", "age_group", "ethnicity", "ea_key")
REPORT_COLUMNS = ("ea_key", "sex", "age_group", "ethnicity", "persons")


class Pseudonymiser:
    """Keyed, stable pseudonyms of codes: ``pseudonym("hh", "370102001001001/001")``."""

    def __init__(self, secret_hex: str) -> None:
        self._key = bytes.fromhex(secret_hex)

    def __call__(self, kind: str, value: str | None) -> str | None:
        if value is None:
            return None
        message = f"{kind}\x1f{value}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:KEY_HEX_DIGITS]

    def household(self, ea_id: str, hh_no: str) -> tuple[str | None, str | None]:
        """(ea_key, hh_key) of a household, as in the public files."""
        return self("ea", ea_id), self("hh", f"{ea_id}/{hh_no}")


def age_group(age: int | None, top: int) -> str:
    """``"0-4"`` … ``"90-94"``, ``"95+"`` (with top = 95); blank age gives ``""``."""
    if age is None:
        return ""
    if age >= top:
        return f"{top}+"
    low = age - age % AGE_GROUP_WIDTH
    return f"{low}-{min(low + AGE_GROUP_WIDTH - 1, top - 1)}"


@dataclass(frozen=True)
class KAnonymity:
    k: int
    cells: int
    persons: int
    small_cells: int
    persons_in_small_cells: int
    report: list[dict[str, object]]

    def summary(self) -> dict[str, object]:
        return {
            "k": self.k,
            "quasi_identifiers": ["sex", "age group (5 years, top-coded)", "ethnicity", "EA"],
            "cells": self.cells,
            "persons": self.persons,
            "cells_below_k": self.small_cells,
            "persons_in_cells_below_k": self.persons_in_small_cells,
        }


class KAnonymityCounter:
    """Counts cells over person batches ordered by EA; an EA's cells are judged once the EA is
    complete, so memory holds the cells of one EA, not of the survey."""

    def __init__(self, k: int, top_code_age: int) -> None:
        self.k = k
        self.top = top_code_age
        self._open: Counter[tuple[str, str, str, str]] = Counter()
        self._open_ea: str | None = None
        self._cells = 0
        self._persons = 0
        self._small: list[tuple[str, str, str, str, int]] = []

    def add(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        eas = batch.column("ea_key").to_pylist()
        sexes = pc.cast(batch.column("sex"), pa.string()).fill_null("").to_pylist()
        ages = batch.column("age").to_pylist()
        ethnicity = batch.column("ethnicity").fill_null("").to_pylist()
        groups = {a: age_group(a, self.top) for a in set(ages)}
        for ea, sex, age, eth in zip(eas, sexes, ages, ethnicity, strict=True):
            if ea != self._open_ea:
                self._flush()
                self._open_ea = ea
            self._open[(ea or "", sex, groups[age], eth)] += 1

    def _flush(self) -> None:
        for (ea, sex, group, eth), count in sorted(self._open.items()):
            self._cells += 1
            self._persons += count
            if count < self.k:
                self._small.append((ea, sex, group, eth, count))
        self._open.clear()

    def result(self) -> KAnonymity:
        self._flush()
        small = self._small
        return KAnonymity(
            k=self.k,
            cells=self._cells,
            persons=self._persons,
            small_cells=len(small),
            persons_in_small_cells=sum(row[-1] for row in small),
            report=[dict(zip(REPORT_COLUMNS, row, strict=True)) for row in small],
        )
