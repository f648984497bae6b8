"""The CSPro 8 JSON dictionary (``{"software": "CSPro", "fileType": "dictionary", …}``).

With relative positions CSPro writes no ``start`` for record items: each item starts where the
previous one (times its occurrences) ended, the first after the id items; a subitem starts at its
parent's start plus ``subitemOffset``. Linked value sets carry their values only the first time;
later uses name the ``link``.
"""

from __future__ import annotations

import json
from typing import Any

from collectors.cspro.model import Dictionary, DictItem, Level, Pair, Record, Texts, Value, ValueSet
from collectors.cspro.problems import refusal
from collectors.problems import InputError


class _Reader:
    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.data = data
        self.source = source
        self.languages = tuple(
            str(lang.get("name", ""))
            for lang in data.get("languages", [])
            if isinstance(lang, dict)
        )
        self.links: dict[str, tuple[Value, ...]] = {}
        self.relative = bool(data.get("relativePositions", False))
        defaults = data.get("defaults", {})
        self.zero_fill = bool(defaults.get("zeroFill", False))
        self.decimal_mark = bool(defaults.get("decimalMark", False))

    def bad(self, where: str, what: str) -> InputError:
        return refusal(
            "dictionary",
            f"{where}: {what}; the file is not a CSPro dictionary CSPro itself would open",
            f"{where}：{what}；该文件不是 CSPro 能打开的数据字典",
            self.source,
        )

    def get(self, node: dict[str, Any], key: str, where: str) -> Any:
        if not isinstance(node, dict) or key not in node:
            raise self.bad(where, f"'{key}' is missing")
        return node[key]

    def texts(self, node: dict[str, Any]) -> Texts:
        found: dict[str, str] = {}
        for entry in node.get("labels", []):
            if not isinstance(entry, dict):
                continue
            language = str(entry.get("language", self.languages[0] if self.languages else ""))
            found.setdefault(language, str(entry.get("text", "")))
        return Texts(found)

    def value_set(self, node: dict[str, Any], where: str) -> ValueSet:
        name = str(self.get(node, "name", where))
        link = node.get("link")
        if "values" in node:
            values = tuple(self.value(v, f"{where} {name}") for v in node["values"])
            if link is not None:
                self.links[str(link)] = values
        elif link is not None and str(link) in self.links:
            values = self.links[str(link)]
        else:
            values = ()
        return ValueSet(name=name, label=self.texts(node), values=values)

    def value(self, node: dict[str, Any], where: str) -> Value:
        pairs = []
        for pair in node.get("pairs", []):
            if "range" in pair:
                low, high = pair["range"]
                pairs.append(Pair(str(low), str(high)))
            else:
                pairs.append(Pair(str(pair.get("value", ""))))
        special = node.get("special")
        return Value(
            label=self.texts(node),
            pairs=tuple(pairs),
            special=str(special).upper() if special is not None else None,
        )

    def item(self, node: dict[str, Any], start: int, parent_start: int, where: str) -> DictItem:
        name = str(self.get(node, "name", where))
        where = f"{where} item {name}"
        numeric = str(node.get("contentType", "numeric")).lower() == "numeric"
        subitem = bool(node.get("subitem", False))
        if "start" in node:
            start = int(node["start"])
        elif not self.relative:
            raise self.bad(where, "'start' is missing and positions are not relative")
        elif subitem:
            start = parent_start + int(node.get("subitemOffset", 0))
        decimals = int(node.get("decimals", 0)) if numeric else 0
        return DictItem(
            name=name,
            label=self.texts(node),
            start=start,
            length=int(self.get(node, "length", where)),
            numeric=numeric,
            decimals=decimals,
            decimal_mark=bool(node.get("decimalMark", self.decimal_mark)) if decimals else False,
            zero_fill=bool(node.get("zeroFill", self.zero_fill)),
            subitem=subitem,
            occurs=int(node.get("occurrences", {}).get("maximum", 1)),
            value_sets=tuple(self.value_set(v, where) for v in node.get("valueSets", [])),
        )

    def items(self, nodes: list[Any], first_start: int, where: str) -> tuple[DictItem, ...]:
        out: list[DictItem] = []
        start = parent_start = first_start
        for node in nodes:
            item = self.item(node, start, parent_start, where)
            out.append(item)
            if not item.subitem:
                parent_start = item.start
                start = item.start + item.length * item.occurs
        return tuple(out)

    def level(self, node: dict[str, Any], type_end: int) -> Level:
        name = str(self.get(node, "name", "level"))
        where = f"level {name}"
        ids = self.items(
            self.get(self.get(node, "ids", where), "items", where), type_end + 1, where
        )
        ids_end = max([type_end, *(item.end for item in ids)])
        records = []
        for record in node.get("records", []):
            record_name = str(self.get(record, "name", where))
            occurrences = record.get("occurrences", {})
            records.append(
                Record(
                    name=record_name,
                    label=self.texts(record),
                    type_value=str(record.get("recordType", "")),
                    required=bool(occurrences.get("required", True)),
                    max_records=int(occurrences.get("maximum", 1)),
                    items=self.items(record.get("items", []), ids_end + 1, f"record {record_name}"),
                )
            )
        return Level(name=name, label=self.texts(node), ids=ids, records=tuple(records))

    def dictionary(self, fingerprint: str) -> Dictionary:
        record_type = self.data.get("recordType", {})
        start = int(record_type.get("start", 0))
        length = int(record_type.get("length", 0))
        type_end = start + length - 1 if length else 0
        levels = tuple(self.level(level, type_end) for level in self.data.get("levels", []))
        if not levels:
            raise self.bad("dictionary", "it has no level")
        return Dictionary(
            name=str(self.data.get("name", "")),
            label=self.texts(self.data),
            record_type_start=start,
            record_type_length=length,
            levels=levels,
            languages=self.languages,
            source=self.source,
            fingerprint=fingerprint,
        )


def parse_json_dictionary(text: str, source: str, fingerprint: str = "") -> Dictionary:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise refusal(
            "dictionary",
            f"is not valid JSON ({exc.msg}); save the dictionary again from CSPro",
            f"不是有效的 JSON（{exc.msg}）；请用 CSPro 重新保存数据字典",
            source,
            row=exc.lineno,
        ) from None
    if not isinstance(data, dict) or data.get("fileType", "dictionary") != "dictionary":
        raise refusal(
            "dictionary",
            "is JSON but not a CSPro dictionary (its fileType is not 'dictionary')",
            "是 JSON 文件，但不是 CSPro 数据字典（fileType 不是 dictionary）",
            source,
        )
    return _Reader(data, source).dictionary(fingerprint)
