"""The codebook: every variable of the definition with its labels, type, codes and universe.

Pure functions returning text; the CLI prints it and exports write it beside the data. Exports add
the frequencies of the exported data through ``frequencies``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from schemas.definition import Item, Questionnaire

HEADINGS = {
    "zh": {
        "var": "变量",
        "label": "标签",
        "type": "类型",
        "values": "取值",
        "universe": "适用范围",
        "all": "全部",
        "table": "表",
        "freq": "频数",
        "missing": "缺失",
    },
    "en": {
        "var": "Variable",
        "label": "Label",
        "type": "Type",
        "values": "Values",
        "universe": "Universe",
        "all": "all",
        "table": "Table",
        "freq": "Frequencies",
        "missing": "Missing",
    },
}


def _values(item: Item, lang: str) -> str:
    if item.codes:
        return "; ".join(f"{c.value} = {c.label(lang)}" for c in item.codes)
    parts = []
    if item.range is not None:
        low, high = item.range
        parts.append(f"{low:g}–{high:g}")
    if item.max_length is not None:
        parts.append(f"≤ {item.max_length} chars" if lang == "en" else f"不超过{item.max_length}字")
    if item.pattern is not None:
        parts.append(f"`{item.pattern}`")
    return ", ".join(parts)


def entries(questionnaire: Questionnaire) -> list[dict[str, Any]]:
    """One dict per variable, in table and definition order, with both languages."""
    out: list[dict[str, Any]] = []
    for table in questionnaire.tables.values():
        for item in table.items:
            out.append(
                {
                    "table": table.name,
                    "name": item.name,
                    "number": item.number,
                    "label": {"zh": item.label.zh, "en": item.label.en},
                    "type": item.type.value,
                    "codes": [
                        {"value": c.value, "zh": c.label.zh, "en": c.label.en}
                        for c in item.codes or ()
                    ],
                    "range": list(item.range) if item.range else None,
                    "max_length": item.max_length,
                    "pattern": item.pattern,
                    "universe": item.universe,
                    "identifier": item.identifier,
                    "key": item.name in table.key,
                }
            )
        for derived in questionnaire.derived:
            if derived.table == table.name:
                out.append(
                    {
                        "table": table.name,
                        "name": derived.name,
                        "number": None,
                        "label": {"zh": derived.label.zh, "en": derived.label.en},
                        "type": "integer",
                        "codes": [],
                        "range": None,
                        "max_length": None,
                        "pattern": None,
                        "universe": None,
                        "identifier": False,
                        "key": False,
                        "derived_from": list(derived.from_),
                    }
                )
    return out


def to_json(questionnaire: Questionnaire) -> str:
    document = {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "title": {"zh": questionnaire.title.zh, "en": questionnaire.title.en},
        "reference": questionnaire.reference.model_dump(),
        "variables": entries(questionnaire),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(
    questionnaire: Questionnaire,
    lang: str = "en",
    frequencies: Mapping[tuple[str, str], str] | None = None,
) -> str:
    """A Markdown codebook; ``frequencies`` maps (table, variable) to a summary text."""
    h = HEADINGS["zh" if lang == "zh" else "en"]
    lines = [f"# {questionnaire.title(lang)}", "", f"{questionnaire.id} · {questionnaire.version}"]
    by_table: dict[str, list[dict[str, Any]]] = {}
    for entry in entries(questionnaire):
        by_table.setdefault(entry["table"], []).append(entry)
    for table_name, rows in by_table.items():
        table = questionnaire.tables[table_name]
        header = [h["var"], h["label"], h["type"], h["values"], h["universe"]]
        if frequencies is not None:
            header.append(h["freq"])
        lines += ["", f"## {table.label(lang)} (`{table_name}`)", ""]
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for row in rows:
            item = table.by_name.get(row["name"])
            values = _values(item, lang) if item else ""
            label = row["label"][lang if lang == "zh" else "en"]
            if row["number"]:
                label = f"{row['number']} {label}"
            cells = [f"`{row['name']}`", label, row["type"], values, row["universe"] or h["all"]]
            if frequencies is not None:
                cells.append(frequencies.get((table_name, row["name"]), ""))
            lines.append("| " + " | ".join(_cell(str(c)) for c in cells) + " |")
    return "\n".join(lines) + "\n"
