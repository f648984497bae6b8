"""Validating a whole survey in bounded memory: households in chunks of EAs, then one pass over
the few columns the survey-wide rules read.

The household and person rules never look past a household, and a household never spans two
EAs, so each chunk of EAs is validated on its own (with the listing rows of its EAs, for C-02
and C-03). The rules that compare households across the survey — ID-05 (one ID number present
twice anywhere), C-01 (listed households never submitted), C-04 (EAs of the frame), the
aggregate signals A-01 … A-03 (per EA and per enumerator, who may work in several chunks) and
A-04 (rates per enumerator over every other finding) — run once afterwards over the key
columns and the columns of their roles only (:func:`survey_wide_columns`), kept from each chunk.

The findings equal :func:`validation.validate`'s on the whole tables, row for row: the
survey-wide columns are put back in the order of the whole tables (``order``) before the second
pass, and the per-chunk findings are merged with the same stable sort.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as arrow

from schemas import Questionnaire
from schemas.roles import role_fields
from validation.context import Context
from validation.findings import combine, sort_findings
from validation.registry import Needs, Rule
from validation.rules import catalogue
from validation.rules.aggregates import ENUMERATOR
from validation.runner import applies, validate, with_last

SURVEY_WIDE = ("ID-05", "C-01", "C-04", "A-01", "A-02", "A-03", "A-04")
"""Rules that compare households across EAs: they run in the second pass."""

BYTES_PER_PERSON = 4096
"""Working memory of one person row (with its share of the household row) while its chunk is
validated, measured on the 1% questionnaire (about 2 KB) with a margin of two."""


@dataclass
class Chunk:
    """The typed tables of some whole EAs, with each row's position in the whole tables
    (``None`` when the chunks come in the order of the whole tables)."""

    households: pd.DataFrame
    persons: pd.DataFrame
    cell_errors: pd.DataFrame | None = None
    household_order: np.ndarray | None = None
    person_order: np.ndarray | None = None


def persons_per_chunk(memory_mb: int) -> int:
    """How many person rows a chunk may hold to stay within ``memory_mb`` (at least 1,000)."""
    return max(1_000, memory_mb * 1024 * 1024 // BYTES_PER_PERSON)


def ea_sizes(*ea_columns: pd.Series) -> pd.Series:
    """Rows per EA over the given ``ea_id`` columns (blank as :data:`BLANK_EA`)."""
    counts = [c.astype("string").fillna(BLANK_EA).value_counts() for c in ea_columns]
    return pd.concat(counts).groupby(level=0).sum() if counts else pd.Series(dtype="int64")


def plan_chunks(ea_sizes: pd.Series, persons: int) -> list[list[str]]:
    """EAs (index: ``ea_id``, values: rows) packed in ``ea_id`` order into chunks of about
    ``persons`` rows; an EA is never split, so an EA bigger than that is a chunk of its own."""
    chunks: list[list[str]] = []
    current: list[str] = []
    size = 0
    for ea, rows in ea_sizes.sort_index().items():
        if current and size + int(rows) > persons:
            chunks.append(current)
            current, size = [], 0
        current.append(str(ea))
        size += int(rows)
    if current:
        chunks.append(current)
    return chunks


def survey_wide_columns(q: Questionnaire, households: Iterable[str]) -> dict[str, list[str]]:
    """The columns of each record table the survey-wide rules read: the keys, the items of
    their roles, the items the derived variables are computed from, and the households'
    ``enumerator`` when ``households`` (the household table's columns) has it."""
    rules = [catalogue()[rule_id] for rule_id in SURVEY_WIDE]
    roles = {name for r in rules for name in (*r.roles, *r.optional, *sum(r.either, ()))}
    named = set(role_fields(q.roles, tuple(sorted(n for n in roles if n in q.roles))))
    for derived in q.derived:  # the Context derives them all
        named |= set(derived.from_)
    out = {}
    for table in (q.households, q.persons):
        keys = list(table.key)
        out[table.name] = keys + [n for n in table.by_name if n in named and n not in keys]
    if ENUMERATOR in households:
        out[q.households.name].append(ENUMERATOR)
    return out


def _listing_of(listing: pd.DataFrame | None, eas: pd.Series) -> pd.DataFrame | None:
    """The listing rows of the chunk's EAs (C-02 and C-03 compare a household with its own)."""
    if listing is None:
        return None
    return listing[listing["ea_id"].isin(eas.dropna().unique()).to_numpy(dtype=bool)]


BLANK_EA = ""
"""The plan's name for rows without an ``ea_id`` (they form a chunk of their own)."""


def _in(frame: pd.DataFrame, wanted: set[str]) -> np.ndarray:
    return frame["ea_id"].astype("string").fillna(BLANK_EA).isin(wanted).to_numpy(dtype=bool)


def _ordered(parts: list[pd.DataFrame], orders: list[np.ndarray | None]) -> pd.DataFrame:
    whole = pd.concat(parts, ignore_index=True) if len(parts) != 1 else parts[0]
    if any(order is None for order in orders):
        return whole.reset_index(drop=True)
    position = np.concatenate([np.asarray(o) for o in orders if o is not None])
    if (np.diff(position) > 0).all():  # already in order (the chunks of a file sorted by EA)
        return whole.reset_index(drop=True)
    return whole.iloc[np.argsort(position, kind="stable")].reset_index(drop=True)


@dataclass
class Checked:
    """A chunk's findings by the household and person rules, and the columns of its tables the
    survey-wide rules read (with their positions in the whole tables, as in :class:`Chunk`)."""

    findings: pd.DataFrame
    households: pd.DataFrame
    persons: pd.DataFrame
    household_order: np.ndarray | None = None
    person_order: np.ndarray | None = None


def check_chunk(q: Questionnaire, chunk: Chunk, listing: pd.DataFrame | None = None) -> Checked:
    """The first pass over one chunk: every rule but the :data:`SURVEY_WIDE` ones, with the
    listing rows of the chunk's EAs (``listing`` may be the whole listing or just those)."""
    columns = survey_wide_columns(q, chunk.households.columns)
    found = validate(
        q,
        chunk.households,
        chunk.persons,
        cell_errors=chunk.cell_errors,
        listing=_listing_of(listing, chunk.households["ea_id"]),
        skip=SURVEY_WIDE,
    )
    return Checked(
        found,
        chunk.households[columns[q.households.name]],
        chunk.persons[columns[q.persons.name]],
        chunk.household_order,
        chunk.person_order,
    )


def validate_chunks(
    q: Questionnaire,
    chunks: Iterable[Chunk],
    *,
    listing: pd.DataFrame | None = None,
    eas: pd.DataFrame | None = None,
    aggregates: bool = False,
) -> pd.DataFrame:
    """:func:`validation.validate` over the whole survey, given chunk by chunk (every EA whole
    in one chunk); the same findings in the same order."""
    return finish(
        q, _each_checked(q, chunks, listing), listing=listing, eas=eas, aggregates=aggregates
    )


def _each_checked(
    q: Questionnaire, chunks: Iterable[Chunk], listing: pd.DataFrame | None
) -> Iterator[Checked]:
    for chunk in chunks:
        checked = check_chunk(q, chunk, listing)
        del chunk
        give_back_memory()
        yield checked


@cache
def _malloc_trim() -> Callable[[int], object] | None:
    name = ctypes.util.find_library("c")
    library = ctypes.CDLL(name) if name else None
    return getattr(library, "malloc_trim", None)


def use_system_allocator() -> None:
    """Make Arrow allocate with the C library's malloc in this process and in the processes it
    starts (a LocalCluster's workers), so that :func:`give_back_memory` can return what a chunk
    freed. Arrow's default pool (mimalloc) keeps freed memory for itself: checking 1,000,000
    households it held about 200 MB more when the second pass began, and the peak was 380 MB
    higher. For a process that checks a survey in chunks (``survey check``, ``survey validate``)."""
    os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
    arrow.set_memory_pool(arrow.system_memory_pool())


def give_back_memory() -> None:
    """Return the memory a chunk's work freed to the operating system.

    glibc's malloc keeps freed heap memory for reuse, and after a chunk's tables and temporaries
    are gone most of it is in pieces the next chunk does not fit: without this the process grew
    by about 50 MB a chunk and entered the second pass 700 MB above what it held (measured on
    1,000,000 households). ``malloc_trim`` hands the free pages back (where there is no glibc
    it is skipped), and Arrow's pool releases what it keeps for reuse. Findings do not change.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    arrow.default_memory_pool().release_unused()


def finish(
    q: Questionnaire,
    checked: Iterable[Checked],
    *,
    listing: pd.DataFrame | None = None,
    eas: pd.DataFrame | None = None,
    aggregates: bool = False,
) -> pd.DataFrame:
    """The second pass over the first pass's results (in any order of chunks): the kept
    columns put back in the order of the whole tables, then :func:`survey_wide`."""
    found: list[pd.DataFrame] = []
    kept_h: list[pd.DataFrame] = []
    kept_p: list[pd.DataFrame] = []
    order_h: list[np.ndarray | None] = []
    order_p: list[np.ndarray | None] = []
    for one in checked:
        found.append(one.findings)
        kept_h.append(one.households)
        kept_p.append(one.persons)
        order_h.append(one.household_order)
        order_p.append(one.person_order)
    if not kept_h:
        columns = survey_wide_columns(q, [])
        kept_h = [pd.DataFrame({name: pd.Series(dtype=object) for name in columns["households"]})]
        kept_p = [pd.DataFrame({name: pd.Series(dtype=object) for name in columns["persons"]})]
        order_h = order_p = [None]
    households, persons = _ordered(kept_h, order_h), _ordered(kept_p, order_p)
    del kept_h, kept_p
    give_back_memory()
    return survey_wide(
        q,
        households,
        persons,
        sort_findings(combine(found)),
        listing=listing,
        eas=eas,
        aggregates=aggregates,
    )


def survey_wide(
    q: Questionnaire,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    found: pd.DataFrame,
    *,
    listing: pd.DataFrame | None = None,
    eas: pd.DataFrame | None = None,
    aggregates: bool = False,
) -> pd.DataFrame:
    """The second pass: the :data:`SURVEY_WIDE` rules over the columns of
    :func:`survey_wide_columns` (in the order of the whole tables), A-04 last over ``found``
    (every other finding); all findings sorted as :func:`validation.validate` sorts them."""
    ctx = Context(
        q, households, persons, listing=listing, eas=eas, aggregates=aggregates, partial=True
    )
    rules: list[Rule] = [catalogue()[rule_id] for rule_id in SURVEY_WIDE]
    rules = [r for r in rules if applies(r, ctx)]
    wide = combine(r.run(ctx) for r in rules if Needs.FINDINGS not in r.needs)
    return with_last(ctx, rules, combine([found, wide]))


def chunks_of(
    households: pd.DataFrame,
    persons: pd.DataFrame,
    cell_errors: pd.DataFrame | None,
    plan: list[list[str]],
) -> Iterator[Chunk]:
    """Whole in-memory tables cut along ``plan`` (for tests and small batches)."""
    for eas_of_chunk in plan:
        wanted = set(eas_of_chunk)
        h, p = _in(households, wanted), _in(persons, wanted)
        errors = None
        if cell_errors is not None and len(cell_errors):
            errors = cell_errors[_in(cell_errors, wanted)]
        yield Chunk(
            households[h].reset_index(drop=True),
            persons[p].reset_index(drop=True),
            errors,
            np.flatnonzero(h),
            np.flatnonzero(p),
        )


__all__ = [
    "SURVEY_WIDE",
    "Checked",
    "Chunk",
    "check_chunk",
    "chunks_of",
    "ea_sizes",
    "finish",
    "give_back_memory",
    "persons_per_chunk",
    "plan_chunks",
    "survey_wide",
    "survey_wide_columns",
    "use_system_allocator",
    "validate_chunks",
]
