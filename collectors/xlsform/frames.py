"""The frame tables (EAs and the household listing) every definition carries, for a converted
form: the columns of the default questionnaire's (the EA's name as ``ea_name``, since the rules
read ``name`` as a person's name), without its Chinese code formats."""

from __future__ import annotations

from schemas import ItemType, Label

_EA = {"name": "ea_id", "label": Label(zh="调查小区", en="Enumeration area"), "type": ItemType.TEXT}
_HH = {
    "name": "hh_no",
    "label": Label(zh="户编号", en="Household number"),
    "type": ItemType.TEXT,
    "pattern": r"^\d{3}$",
}


def _text(name: str, zh: str, en: str, *, identifier: bool = False) -> dict[str, object]:
    return {
        "name": name,
        "label": Label(zh=zh, en=en),
        "type": ItemType.TEXT,
        "required": False,
        "identifier": identifier,
    }


def tables() -> dict[str, object]:
    return {
        "eas": {
            "label": Label(zh="调查小区", en="Enumeration areas"),
            "key": ["ea_id"],
            "frame": True,
            "items": [
                _EA,
                _text("ea_name", "调查小区名称", "Name of the enumeration area"),
                _text("stratum", "抽样层", "Sampling stratum"),
                _text("psu", "初级抽样单元", "Primary sampling unit"),
                {
                    "name": "prob",
                    "label": Label(zh="入样概率", en="Inclusion probability"),
                    "type": ItemType.NUMBER,
                    "range": (0.0000001, 1),
                },
            ],
        },
        "listing": {
            "label": Label(zh="户主姓名底册", en="Household listing"),
            "key": ["ea_id", "hh_no"],
            "frame": True,
            "items": [
                _EA,
                _HH,
                _text("building_no", "建筑物编号", "Building number", identifier=True),
                _text("unit_no", "住房单元号", "Housing unit or door number", identifier=True),
                _text("head_name", "户主姓名", "Name of the household head", identifier=True),
                {
                    "name": "expected_persons",
                    "label": Label(zh="摸底人数", en="Persons expected at listing"),
                    "type": ItemType.INTEGER,
                    "range": (0, 99),
                    "required": False,
                },
            ],
        },
    }
