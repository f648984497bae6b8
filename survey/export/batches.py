"""From rows read out of the store to typed Arrow record batches in the layout of a file.

Derived variables are computed here with the definition's own formula (``age`` in completed years
at the census moment); public-use files get their top and bottom codes here too. Every writer and
every summary (frequencies, weights, dataset version) then reads the same batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from schemas import Questionnaire
from schemas.definition import DerivedKind
from survey.export.columns import ARROW_TYPES, Column, Layout, Source
from survey.export.weights import base_weight


def _age(questionnaire: Questionnaire, year: pa.Array, month: pa.Array) -> pa.Array:
    """Completed years at the census moment: ref_year - birth_year - (birth_month >= ref_month)."""
    ref = questionnaire.reference
    not_yet = pc.cast(pc.greater_equal(month, pa.scalar(ref.month, pa.int64())), pa.int64())
    return pc.subtract(pc.subtract(pa.scalar(ref.year, pa.int64()), year), not_yet)


def _derive(questionnaire: Questionnaire, column: Column, items: dict[str, pa.Array]) -> pa.Array:
    derived = column.derived
    assert derived is not None
    if derived.kind == DerivedKind.AGE:
        year, month = (items[name] for name in derived.from_)
        return _age(questionnaire, year, month)
    raise ValueError(f"derived variable kind {derived.kind!r} cannot be exported yet")


def _coded(column: Column, array: pa.Array) -> pa.Array:
    if column.top_code is not None:
        array = pc.min_element_wise(array, pa.scalar(column.top_code, array.type))
    if column.bottom_code is not None:
        array = pc.max_element_wise(array, pa.scalar(column.bottom_code, array.type))
    return array


def to_batch(
    questionnaire: Questionnaire,
    layout: Layout,
    rows: Sequence[tuple[Any, ...]],
    selection_names: Sequence[str],
    item_names: Sequence[str],
) -> pa.RecordBatch:
    """One record batch of ``layout`` from rows holding the selection columns, then the items."""
    width = len(selection_names) + len(item_names)
    values: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [()] * width
    selection = dict(zip(selection_names, values[: len(selection_names)], strict=True))
    item_values = dict(zip(item_names, values[len(selection_names) :], strict=True))
    own = questionnaire.tables[layout.table].by_name
    items = {
        name: pa.array(item_values[name], type=ARROW_TYPES[own[name].type], from_pandas=False)
        for name in item_names
    }
    arrays = []
    for column in layout.columns:
        if column.source == Source.SELECTION:
            array = pa.array(
                selection[column.source_name], type=column.arrow_type, from_pandas=False
            )
        elif column.source == Source.ITEM:
            array = items[column.source_name]
        elif column.source == Source.WEIGHT:
            array = base_weight(pa.array(selection["prob"], type=pa.float64(), from_pandas=False))
        else:
            array = _derive(questionnaire, column, items)
        arrays.append(_coded(column, array.cast(column.arrow_type)))
    return pa.RecordBatch.from_arrays(arrays, schema=layout.schema())
