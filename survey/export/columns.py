"""The variables of an exported file, derived from the questionnaire: which, in what order, typed.

Households and persons files share their keys (``ea_id``, ``hh_no``; in public-use files the
pseudonymous ``ea_key``, ``hh_key``). Every row carries the design variables: stratum, PSU,
inclusion probability and base weight. Person files add the derived variables (``age``) right after
the items they are computed from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

import pyarrow as pa

from schemas import Code, Derived, Item, ItemType, Label, Questionnaire
from schemas.definition import DerivedKind
from survey.states import LABELS as STATE_LABELS
from survey.states import State

ARROW_TYPES: dict[ItemType, pa.DataType] = {
    ItemType.INTEGER: pa.int64(),
    ItemType.NUMBER: pa.float64(),
    ItemType.TEXT: pa.string(),
}
DESIGN_ITEMS = ("stratum", "psu", "prob")


class Kind(StrEnum):
    KEY = "key"
    DESIGN = "design"
    ITEM = "item"
    DERIVED = "derived"
    ADMIN = "admin"


class Source(StrEnum):
    SELECTION = "selection"  # a column of the export selection (keys, frame design values)
    ITEM = "item"  # an item of the record
    WEIGHT = "weight"  # 1 / prob
    DERIVED = "derived"  # a derived variable of the definition


@dataclass(frozen=True)
class Column:
    """One exported variable."""

    name: str
    kind: Kind
    type: ItemType
    label: Label
    source: Source
    source_name: str
    item: Item | None = None
    derived: Derived | None = None
    note: Label | None = None
    code_list: tuple[Code, ...] = ()
    extra_codes: tuple[Code, ...] = ()
    top_code: int | None = None
    bottom_code: int | None = None
    universe: str | None = None

    @property
    def arrow_type(self) -> pa.DataType:
        return ARROW_TYPES[self.type]

    @property
    def codes(self) -> tuple[Code, ...]:
        """The code list (the item's, if it has one); not the labels of top/bottom codes."""
        if self.code_list:
            return self.code_list
        return (self.item.codes or ()) if self.item is not None else ()

    @property
    def value_labels(self) -> tuple[Code, ...]:
        """Codes and labels for statistical packages: the code list plus top/bottom codes."""
        return (*self.codes, *self.extra_codes)


@dataclass(frozen=True)
class Layout:
    """The columns of one exported table."""

    table: str
    columns: tuple[Column, ...]
    dropped: tuple[tuple[str, Label], ...] = field(default=())

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.arrow_type) for c in self.columns])

    def selection_sources(self) -> list[str]:
        return _unique(
            c.source_name for c in self.columns if c.source in (Source.SELECTION, Source.WEIGHT)
        )

    def item_sources(self, questionnaire: Questionnaire) -> list[str]:
        wanted = {c.source_name for c in self.columns if c.source == Source.ITEM}
        for column in self.columns:
            if column.derived is not None:
                wanted |= set(column.derived.from_)
        return [name for name in questionnaire.tables[self.table].columns if name in wanted]


def _unique(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


def _label(zh: str, en: str) -> Label:
    return Label(zh=zh, en=en)


PSEUDONYM_NOTE = _label(
    "假名编码：以本调查的密钥对真实编码做带密钥散列，各次导出保持一致，无法还原",
    "pseudonymous key: a keyed hash of the real code with this survey's secret; stable across "
    "exports, not reversible",
)
WEIGHT_LABEL = _label("基础权数（入样概率的倒数）", "Base weight (1 / inclusion probability)")
WEIGHT_NOTE = _label("设计权数，未作无回答调整", "design weight; no non-response adjustment")


def _design_columns(questionnaire: Questionnaire, public: bool) -> list[Column]:
    eas = questionnaire.tables.get("eas")
    missing = [n for n in DESIGN_ITEMS if eas is None or n not in eas.by_name]
    if eas is None or missing:
        raise ValueError(
            f"the questionnaire's eas frame lacks {', '.join(missing)}; exports need the design "
            "variables stratum, psu and prob"
        )
    frame = eas.by_name
    stratum, psu, prob = (frame[n] for n in DESIGN_ITEMS)
    columns = [
        Column("stratum", Kind.DESIGN, stratum.type, stratum.label, Source.SELECTION, "stratum")
    ]
    if public:
        columns.append(
            Column(
                "psu_key",
                Kind.DESIGN,
                ItemType.TEXT,
                _label(f"{psu.label.zh}（假名）", f"{psu.label.en} (pseudonymous)"),
                Source.SELECTION,
                "psu_key",
                note=PSEUDONYM_NOTE,
            )
        )
    else:
        columns.append(Column("psu", Kind.DESIGN, psu.type, psu.label, Source.SELECTION, "psu"))
    columns.append(
        Column("prob", Kind.DESIGN, ItemType.NUMBER, prob.label, Source.SELECTION, "prob")
    )
    columns.append(
        Column(
            "weight",
            Kind.DESIGN,
            ItemType.NUMBER,
            WEIGHT_LABEL,
            Source.WEIGHT,
            "prob",
            note=WEIGHT_NOTE,
        )
    )
    return columns


def _key_columns(questionnaire: Questionnaire, table: str, public: bool) -> list[Column]:
    households = questionnaire.households
    ea, hh = households.by_name["ea_id"], households.by_name["hh_no"]
    if public:
        columns = [
            Column(
                "ea_key",
                Kind.KEY,
                ItemType.TEXT,
                _label(f"{ea.label.zh}（假名）", f"{ea.label.en} (pseudonymous)"),
                Source.SELECTION,
                "ea_key",
                note=PSEUDONYM_NOTE,
            ),
            Column(
                "hh_key",
                Kind.KEY,
                ItemType.TEXT,
                _label("户（假名）", "Household (pseudonymous)"),
                Source.SELECTION,
                "hh_key",
                note=PSEUDONYM_NOTE,
            ),
        ]
    else:
        columns = [
            Column("ea_id", Kind.KEY, ea.type, ea.label, Source.SELECTION, "ea_id", item=ea),
            Column("hh_no", Kind.KEY, hh.type, hh.label, Source.SELECTION, "hh_no", item=hh),
        ]
    own = questionnaire.tables[table]
    for name in own.key:
        if name not in ("ea_id", "hh_no"):
            item = own.by_name[name]
            columns.append(
                Column(name, Kind.KEY, item.type, item.label, Source.ITEM, name, item=item)
            )
    return columns


def _age_limits(questionnaire: Questionnaire, derived: Derived) -> tuple[str, str, int, int]:
    """(year item, month item, top code of age, bottom code of birth year)."""
    year, month = derived.from_
    top = questionnaire.params.top_code_age
    return year, month, top, questionnaire.reference.year - top - 1


def _item_column(item: Item) -> Column:
    return Column(
        item.name,
        Kind.ITEM,
        item.type,
        item.label,
        Source.ITEM,
        item.name,
        item=item,
        universe=item.universe,
    )


def _derived_column(questionnaire: Questionnaire, derived: Derived, public: bool) -> Column:
    column = Column(
        derived.name,
        Kind.DERIVED,
        ItemType.INTEGER,
        derived.label,
        Source.DERIVED,
        derived.name,
        derived=derived,
    )
    if public and derived.kind == DerivedKind.AGE:
        _, _, top, _ = _age_limits(questionnaire, derived)
        return replace(
            column,
            top_code=top,
            extra_codes=(Code(value=top, label=_label(f"{top}岁及以上", f"{top} or older")),),
            note=_label(
                f"顶端编码：{top}岁及以上记为{top}", f"top-coded: {top} means {top} or older"
            ),
        )
    return column


def _public_item(questionnaire: Questionnaire, column: Column, table: str) -> Column | None:
    """The public-use form of an item column, or None when it is dropped."""
    item = column.item
    assert item is not None
    if item.identifier:
        return None
    for derived in questionnaire.derived:
        if derived.table != table or derived.kind != DerivedKind.AGE:
            continue
        year, month, _, bottom = _age_limits(questionnaire, derived)
        if item.name == month:
            return None
        if item.name == year:
            return replace(
                column,
                bottom_code=bottom,
                extra_codes=(
                    Code(value=bottom, label=_label(f"{bottom}年及以前", f"{bottom} or earlier")),
                ),
                note=_label(
                    f"底端编码：{bottom}年及以前出生记为{bottom}（与年龄顶端编码一致）",
                    f"bottom-coded: {bottom} means {bottom} or earlier (consistent with the "
                    "top-coded age)",
                ),
            )
    return column


def _dropped_reason(item: Item) -> Label:
    if item.identifier:
        return _label("直接标识信息", "direct identifier")
    return _label("可与年龄一起识别个人；保留年龄", "identifying together with age; age is kept")


PARADATA_NOTE = _label(
    "调查员设备记录的时间（UTC，ISO 8601）；导入的户为空；公用文件中不提供",
    "as recorded by the enumerator's device (UTC, ISO 8601); blank for imported households; "
    "not in public-use files",
)


def _paradata_columns() -> list[Column]:
    """When the exported version's interview started and ended (paradata)."""
    return [
        Column(
            name,
            Kind.ADMIN,
            ItemType.TEXT,
            label,
            Source.SELECTION,
            source,
            note=PARADATA_NOTE,
        )
        for name, source, label in (
            ("interview_start", "started_at", _label("访问开始时间", "Interview started")),
            ("interview_end", "ended_at", _label("访问结束时间", "Interview ended")),
        )
    ]


def layout(
    questionnaire: Questionnaire,
    table: str,
    *,
    public: bool = False,
    include_unapproved: bool = False,
) -> Layout:
    """The exported columns of ``table`` (``households`` or ``persons``)."""
    own = questionnaire.tables[table]
    columns = [*_key_columns(questionnaire, table, public), *_design_columns(questionnaire, public)]
    dropped: list[tuple[str, Label]] = []
    derived_here = [d for d in questionnaire.derived if d.table == table]
    placed: set[str] = set()
    for item in own.items:
        if item.name in own.key:
            continue
        column: Column | None = _item_column(item)
        if public:
            column = _public_item(questionnaire, _item_column(item), table)
        if column is None:
            dropped.append((item.name, _dropped_reason(item)))
        else:
            columns.append(column)
        for derived in derived_here:
            if derived.name not in placed and item.name == derived.from_[-1]:
                columns.append(_derived_column(questionnaire, derived, public))
                placed.add(derived.name)
    for derived in derived_here:
        if derived.name not in placed:
            columns.append(_derived_column(questionnaire, derived, public))
    if public:
        replaced = {"ea_id": "ea_key", "hh_no": "hh_key", "psu": "psu_key"}
        for real, key in replaced.items():
            dropped.append(
                (real, _label(f"以假名编码 {key} 代替", f"replaced by the pseudonymous {key}"))
            )
    if table == "households" and not public:
        columns.extend(_paradata_columns())
    if include_unapproved and table == "households":
        columns.append(
            Column(
                "review_state",
                Kind.ADMIN,
                ItemType.TEXT,
                _label("审核状态", "Review state"),
                Source.SELECTION,
                "state",
                code_list=tuple(Code(value=s.value, label=_label(*STATE_LABELS[s])) for s in State),
                note=_label(
                    "仅在包含未审核户的导出中出现",
                    "only in exports that include unapproved households",
                ),
            )
        )
    return Layout(table, tuple(columns), tuple(dropped))
