"""The codebook of an export, in JSON, Markdown and HTML, from one document.

Every variable of the exported files with its zh and en labels, type, codes and their labels,
universe, notes (top codes, pseudonyms, weights), its Stata name and storage, and the frequencies
and blank counts of the exported data. Derived from the questionnaire and the export's layouts; no
timestamps, so an unchanged export gives the same codebook.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from schemas import Questionnaire
from survey.export.columns import Column, Layout
from survey.export.frequencies import Frequencies
from survey.export.statfiles import stata_variables

LANGS = ("zh", "en")


COLUMN_HEADINGS = ("variable", "label", "type", "values", "universe", "filled", "blank", "summary")
"""The columns of a table's variables, in the Markdown and the HTML codebook alike."""


def _label(label: Any) -> dict[str, str] | None:
    return None if label is None else {"zh": label.zh, "en": label.en}


def _variable(column: Column, summary: dict[str, Any], stata: Any) -> dict[str, Any]:
    item = column.item
    return {
        "name": column.name,
        "kind": column.kind.value,
        "number": item.number if item else None,
        "type": column.type.value,
        "label": _label(column.label),
        "codes": [{"value": c.value, "zh": c.label.zh, "en": c.label.en} for c in column.codes],
        "range": list(item.range) if item and item.range else None,
        "universe": column.universe,
        "derived_from": list(column.derived.from_) if column.derived else None,
        "note": _label(column.note),
        "stata": {
            "name": stata.name,
            "integer_encoded": stata.integer_encoded,
            "value_labels": stata.value_labels is not None,
        },
        "summary": summary,
    }


def document(
    questionnaire: Questionnaire,
    layouts: Mapping[str, Layout],
    frequencies: Mapping[str, Frequencies],
    *,
    public: bool,
    include_unapproved: bool,
    dataset_version: str,
    notes: list[dict[str, str]],
    lang: str,
) -> dict[str, Any]:
    tables = []
    for name, layout in layouts.items():
        stata = stata_variables(layout, lang)
        table = questionnaire.tables[name]
        tables.append(
            {
                "name": name,
                "label": _label(table.label),
                "key": [c.name for c in layout.columns if c.kind.value == "key"],
                "variables": [
                    _variable(column, frequencies[name].summary(column.name), var)
                    for column, var in zip(layout.columns, stata, strict=True)
                ],
                "dropped": [
                    {"name": dropped, "reason": _label(reason)}
                    for dropped, reason in layout.dropped
                ],
            }
        )
    return {
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "title": _label(questionnaire.title),
            "reference": questionnaire.reference.model_dump(),
        },
        "public": public,
        "include_unapproved": include_unapproved,
        "dataset_version": dataset_version,
        "notes": notes,
        "tables": tables,
    }


def to_json(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --- text rendering shared by Markdown and HTML -------------------------------------------------

HEAD = {
    "variable": "变量 Variable",
    "label": "标签 Label",
    "type": "类型 Type",
    "values": "取值 Values",
    "universe": "适用范围 Universe",
    "filled": "有值 Filled",
    "blank": "空白 Blank",
    "summary": "统计 Summary",
    "code": "代码 Code",
    "count": "频数 Count",
}


def _values(var: Mapping[str, Any]) -> str:
    codes = var["codes"]
    if codes and len(codes) <= 12:
        return "; ".join(f"{c['value']} = {c['zh']} {c['en']}" for c in codes)
    if codes:
        return f"{len(codes)} codes (see the frequencies) / {len(codes)}个代码（见频数表）"
    if var["range"]:
        low, high = var["range"]
        return f"{low:g}–{high:g}"
    return ""


def _summary(var: Mapping[str, Any]) -> str:
    s = var["summary"]
    if "min" in s:
        text = f"min {s['min']:g}, max {s['max']:g}, mean {s['mean']:g}"
        return text + (f", sum {s['sum']:g}" if "sum" in s else "")
    return ""


def _label_text(var: Mapping[str, Any]) -> str:
    label = var["label"]
    text = f"{label['zh']} / {label['en']}"
    if var["number"]:
        text = f"{var['number']} {text}"
    if var["note"]:
        text += f" — {var['note']['zh']} / {var['note']['en']}"
    stata = var["stata"]
    if stata["name"] != var["name"]:
        text += f" (Stata: {stata['name']})"
    if stata["integer_encoded"]:
        text += " (Stata: stored as integer codes with value labels)"
    return text


def _rows(table: Mapping[str, Any]) -> list[list[str]]:
    return [
        [
            var["name"],
            _label_text(var),
            var["type"],
            _values(var),
            var["universe"] or "all",
            str(var["summary"]["filled"]),
            str(var["summary"]["missing"]),
            _summary(var),
        ]
        for var in table["variables"]
    ]


def _frequency_rows(var: Mapping[str, Any]) -> list[list[str]]:
    return [
        [str(f["value"]), f"{f['zh']} / {f['en']}" if f["zh"] else "", str(f["count"])]
        for f in var["summary"]["frequencies"]
    ] + [["(blank)", "空白 / blank", str(var["summary"]["missing"])]]


def _title(doc: Mapping[str, Any]) -> str:
    q = doc["questionnaire"]
    kind = "公开使用文件 public-use file" if doc["public"] else "完整文件 full file"
    return f"{q['title']['zh']} / {q['title']['en']} — codebook ({kind})"


def _facts(doc: Mapping[str, Any]) -> list[str]:
    q = doc["questionnaire"]
    return [
        f"questionnaire {q['id']} {q['version']}",
        f"dataset version {doc['dataset_version']}",
        "households: "
        + (
            "current version of every submitted household"
            if doc["include_unapproved"]
            else "approved"
        ),
    ]


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def to_markdown(doc: Mapping[str, Any]) -> str:
    h = HEAD
    lines = [f"# {_title(doc)}", "", *[f"- {fact}" for fact in _facts(doc)], ""]
    lines += ["## Notes", "", *[f"- {n['zh']} / {n['en']}" for n in doc["notes"]]]
    for table in doc["tables"]:
        lines += ["", f"## {table['label']['zh']} / {table['label']['en']} (`{table['name']}`)", ""]
        lines.append(f"Key: {', '.join(f'`{k}`' for k in table['key'])}")
        lines.append("")
        header = [h[k] for k in COLUMN_HEADINGS]
        lines += _md_table(header, _rows(table))
        if table["dropped"]:
            lines += ["", "Not in this file:", ""]
            lines += [
                f"- `{d['name']}`: {d['reason']['zh']} / {d['reason']['en']}"
                for d in table["dropped"]
            ]
        for var in table["variables"]:
            if "frequencies" in var["summary"]:
                lines += ["", f"### `{table['name']}.{var['name']}`", ""]
                lines += _md_table([h["code"], h["label"], h["count"]], _frequency_rows(var))
    return "\n".join(lines) + "\n"


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:80rem}"
    "table{border-collapse:collapse;margin:.5rem 0 1.5rem}"
    "th,td{border:1px solid #bbb;padding:.2rem .4rem;text-align:left;vertical-align:top}"
    "th{background:#eee}"
)


def to_html(doc: Mapping[str, Any]) -> str:
    h = HEAD
    title = html.escape(_title(doc))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
        "<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in _facts(doc)) + "</ul>",
        "<h2>Notes</h2><ul>"
        + "".join(f"<li>{html.escape(n['zh'])} / {html.escape(n['en'])}</li>" for n in doc["notes"])
        + "</ul>",
    ]
    for table in doc["tables"]:
        name = html.escape(table["name"])
        parts.append(
            f'<h2 id="{name}">{html.escape(table["label"]["zh"])} / '
            f"{html.escape(table['label']['en'])} (<code>{name}</code>)</h2>"
        )
        header = [h[k] for k in COLUMN_HEADINGS]
        parts.append(_html_table(header, _rows(table)))
        if table["dropped"]:
            parts.append(
                "<p>Not in this file:</p><ul>"
                + "".join(
                    f"<li><code>{html.escape(d['name'])}</code>: {html.escape(d['reason']['zh'])}"
                    f" / {html.escape(d['reason']['en'])}</li>"
                    for d in table["dropped"]
                )
                + "</ul>"
            )
        for var in table["variables"]:
            if "frequencies" in var["summary"]:
                parts.append(f"<h3><code>{name}.{html.escape(var['name'])}</code></h3>")
                parts.append(_html_table([h["code"], h["label"], h["count"]], _frequency_rows(var)))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
