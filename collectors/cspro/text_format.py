"""The CSPro 7.x text dictionary: INI-like sections ``[Dictionary] [Languages] [Level]
[IdItems] [Record] [Item] [ValueSet]`` read in order.

Items after ``[IdItems]`` are id items; after a ``[Record]`` they belong to it; a ``[ValueSet]``
belongs to the item before it. ``Label=English|Français`` holds one text per declared language.
``Value=from[:to][;label]`` is a value or a range (quoted values such as ``'   '`` keep their
spaces); a following ``Name=NOTAPPL,Special`` marks that value special.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from collectors.cspro.model import Dictionary, DictItem, Level, Pair, Record, Texts, Value, ValueSet
from collectors.cspro.problems import refusal
from collectors.problems import InputError

_YES = {"yes", "y", "true", "1"}


@dataclass
class _Section:
    kind: str
    line: int
    keys: dict[str, str] = field(default_factory=dict)
    values: list[Value] = field(default_factory=list)


def _sections(text: str, source: str) -> list[_Section]:
    sections: list[_Section] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            sections.append(_Section(line[1:-1].strip().lower(), number))
            continue
        if not sections or "=" not in line:
            raise refusal(
                "dictionary",
                f"'{line[:40]}' is neither a [Section] nor a Key=value line",
                f"“{line[:40]}”既不是 [节] 也不是“键=值”行",
                source,
                row=number,
            )
        key, _, value = line.partition("=")
        section = sections[-1]
        key = key.strip().lower()
        if key == "value":
            section.values.append(_value(value, section.line, source))
        elif key == "name" and "," in value and section.values:
            special = value.split(",", 1)[0].strip().upper()
            section.values[-1] = replace(section.values[-1], special=special)
        else:
            section.keys.setdefault(key, value)
    return sections


def _token(text: str) -> tuple[str, str]:
    """The first value of ``text`` (quoted or not) and what follows it."""
    if text.startswith("'"):
        end = text.find("'", 1)
        if end > 0:
            return text[1:end], text[end + 1 :]
    cut = min((i for i in (text.find(":"), text.find(";")) if i >= 0), default=len(text))
    return text[:cut].strip(), text[cut:]


def _value(text: str, line: int, source: str) -> Value:
    start, rest = _token(text)
    to = None
    if rest.startswith(":"):
        to, rest = _token(rest[1:])
    label = rest[1:] if rest.startswith(";") else ""
    return Value(label=Texts({"": label}), pairs=(Pair(start, to),))


class _Builder:
    def __init__(self, sections: list[_Section], source: str) -> None:
        self.sections = sections
        self.source = source
        self.languages: tuple[str, ...] = ()
        self.settings: dict[str, str] = {}

    def texts(self, text: str | None) -> Texts:
        parts = (text or "").split("|")
        names = self.languages or ("",)
        return Texts({names[i] if i < len(names) else str(i): part for i, part in enumerate(parts)})

    def relabel(self, values: list[Value]) -> tuple[Value, ...]:
        return tuple(replace(v, label=self.texts(v.label.first())) for v in values)

    def bad(self, section: _Section, what: str) -> InputError:
        return refusal(
            "dictionary",
            f"[{section.kind}] {what}; correct the dictionary in CSPro",
            f"[{section.kind}] {what}；请在 CSPro 中更正数据字典",
            self.source,
            row=section.line,
        )

    def number(self, section: _Section, key: str, default: int | None = None) -> int:
        raw = section.keys.get(key)
        if raw is None:
            if default is None:
                raise self.bad(section, f"needs {key.capitalize()}=")
            return default
        try:
            return int(raw.strip())
        except ValueError:
            raise self.bad(section, f"{key.capitalize()}={raw} is not a whole number") from None

    def item(self, section: _Section, start: int, parent_start: int) -> DictItem:
        keys = section.keys
        numeric = keys.get("datatype", "numeric").strip().lower() != "alpha"
        subitem = keys.get("itemtype", "item").strip().lower() == "subitem"
        decimals = self.number(section, "decimal", 0) if numeric else 0
        fallback = parent_start if subitem else start
        return DictItem(
            name=keys.get("name", "").strip(),
            label=self.texts(keys.get("label")),
            start=self.number(section, "start", fallback),
            length=self.number(section, "len"),
            numeric=numeric,
            decimals=decimals,
            decimal_mark=self.flag(keys, "decimalchar") if decimals else False,
            zero_fill=self.flag(keys, "zerofill"),
            subitem=subitem,
            occurs=self.number(section, "occurrences", 1),
        )

    def flag(self, keys: dict[str, str], key: str) -> bool:
        value = keys.get(key, self.settings.get(key, "no"))
        return value.strip().lower() in _YES

    def dictionary(self, fingerprint: str) -> Dictionary:
        head = self.sections[0]
        if head.kind != "dictionary":
            raise self.bad(head, "comes first, but a text dictionary starts with [Dictionary]")
        self.settings = head.keys
        languages = next((s for s in self.sections if s.kind == "languages"), None)
        if languages is not None:
            self.languages = tuple(key.upper() for key in languages.keys)
        type_start = self.number(head, "recordtypestart", 0)
        type_len = self.number(head, "recordtypelen", 0)
        levels: list[Level] = []
        ids: list[DictItem] = []
        records: list[Record] = []
        level: _Section | None = None
        record: _Section | None = None
        items: list[DictItem] = []
        start = parent_start = type_start + type_len if type_start == 1 else 1

        def close_record() -> None:
            if record is not None:
                records.append(
                    Record(
                        name=record.keys.get("name", "").strip(),
                        label=self.texts(record.keys.get("label")),
                        type_value=record.keys.get("recordtypevalue", "").strip().strip("'"),
                        required=record.keys.get("required", "yes").strip().lower() in _YES,
                        max_records=self.number(record, "maxrecords", 1),
                        items=tuple(items),
                    )
                )

        def close_level() -> None:
            if level is not None:
                levels.append(
                    Level(
                        name=level.keys.get("name", "").strip(),
                        label=self.texts(level.keys.get("label")),
                        ids=tuple(ids),
                        records=tuple(records),
                    )
                )

        for section in self.sections[1:]:
            if section.kind == "level":
                close_record()
                close_level()
                level, record, ids, records, items = section, None, [], [], []
            elif section.kind == "iditems":
                items = ids
            elif section.kind == "record":
                close_record()
                record, items = section, []
                start = parent_start = max([type_start + type_len - 1, *(i.end for i in ids)]) + 1
            elif section.kind == "item":
                item = self.item(section, start, parent_start)
                items.append(item)
                if not item.subitem:
                    parent_start, start = item.start, item.start + item.length * item.occurs
            elif section.kind == "valueset":
                if not items:
                    raise self.bad(section, "comes before any [Item]")
                value_set = ValueSet(
                    name=section.keys.get("name", "").strip(),
                    label=self.texts(section.keys.get("label")),
                    values=self.relabel(section.values),
                )
                items[-1] = replace(items[-1], value_sets=(*items[-1].value_sets, value_set))
        close_record()
        close_level()
        if not levels:
            raise self.bad(head, "is followed by no [Level]")
        return Dictionary(
            name=head.keys.get("name", "").strip(),
            label=self.texts(head.keys.get("label")),
            record_type_start=type_start,
            record_type_length=type_len,
            levels=tuple(levels),
            languages=self.languages,
            source=self.source,
            fingerprint=fingerprint,
        )


def parse_text_dictionary(text: str, source: str, fingerprint: str = "") -> Dictionary:
    sections = _sections(text, source)
    if not sections:
        raise refusal(
            "dictionary",
            "holds no [Dictionary] section; is it a CSPro dictionary?",
            "没有 [Dictionary] 节；这是 CSPro 数据字典吗？",
            source,
        )
    return _Builder(sections, source).dictionary(fingerprint)
