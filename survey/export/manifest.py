"""The manifest of an export (``manifest.json``): what was written, from what, and what was not.

For each file: its rows, size and SHA-256; the questionnaire id and version, the rule-set version,
the dataset version (a hash of the exported values), the time of the export, the options, the
weighted population per stratum, the households left out with the reason for each, the
k-anonymity summary of public-use files, and the decisions a user of the files must know.
The manifest is the only file of an export holding a time.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyreadstat

from survey.export.weights import StratumTotal, total

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class FileEntry:
    name: str
    format: str
    table: str | None
    rows: int | None
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    out_dir: Path
    created_at: str
    questionnaire: dict[str, Any]
    ruleset: dict[str, Any]
    dataset_version: str
    options: dict[str, Any]
    households: int
    persons: int
    files: list[FileEntry]
    strata: list[StratumTotal]
    left_out: list[dict[str, Any]]
    left_out_counts: dict[str, int]
    notes: list[dict[str, str]]
    k_anonymity: dict[str, Any] | None = None
    software: dict[str, str] = field(default_factory=dict)

    def file(self, name: str) -> FileEntry:
        return next(f for f in self.files if f.name == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "questionnaire": self.questionnaire,
            "ruleset": self.ruleset,
            "dataset_version": self.dataset_version,
            "created_at": self.created_at,
            "options": self.options,
            "households": self.households,
            "persons": self.persons,
            "files": [asdict(f) for f in self.files],
            "weighted_population": {
                "strata": [s.as_dict() for s in self.strata],
                "total": total(self.strata).as_dict(),
            },
            "left_out": {
                "households": len(self.left_out),
                "by_reason": self.left_out_counts,
                "list": self.left_out,
            },
            "k_anonymity": self.k_anonymity,
            "notes": self.notes,
            "software": self.software,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


def software() -> dict[str, str]:
    return {
        "pandas": pd.__version__,
        "pyarrow": pa.__version__,
        "pyreadstat": pyreadstat.__version__,
    }


def _note(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def notes(*, public: bool, k: int, top_code_age: int) -> list[dict[str, str]]:
    """What a user of the files must know, in both languages."""
    out = [
        _note(
            "户文件与人文件以 ea_id、hh_no（公开文件为 ea_key、hh_key）相连；人按 line_no 排序。",
            "Households and persons files share their keys ea_id, hh_no (ea_key, hh_key in "
            "public-use files); persons are ordered by line_no within their household.",
        ),
        _note(
            "每行都带有设计变量：stratum、psu、prob 与基础权数 weight = 1/prob（未作无回答调整）。",
            "Every row carries the design variables stratum, psu, prob and the base weight "
            "weight = 1/prob (no non-response adjustment).",
        ),
        _note(
            "CSV 中以 = + - @、制表符或回车开头的文本前加一个撇号 '，防止电子表格把它当作公式执行；"
            "XLSX 中此类单元格保持原值，并设置 Excel 的“前缀引号”格式；其他格式保持原值。",
            "In CSV files a text starting with = + - @, a tab or a carriage return gets a leading "
            "apostrophe ' so that spreadsheets do not run it as a formula; in XLSX such cells keep "
            "their value and carry Excel's quote-prefix style; other formats keep the value as is.",
        ),
        _note(
            "Stata 文件中，纯数字文本代码（如民族 01–98）以整数加值标签存储（01 → 1）；SPSS 文件保留文本代码及其标签。",
            "In Stata files text codes made of digits (ethnicity 01–98) are stored as integers "
            "with value labels (01 → 1); SPSS files keep the text codes with their labels.",
        ),
        _note(
            "CSV 与 Parquet 文件不含时间戳：数据不变时重新导出，文件逐字节相同。",
            "CSV and Parquet files hold no timestamp: exporting unchanged data again gives "
            "byte-identical files.",
        ),
    ]
    if public:
        out += [
            _note(
                "公开使用文件：删除直接标识信息（姓名、身份证号）与出生月份；调查小区、户与初级抽样单元以带密钥散列的假名编码代替。",
                "Public-use file: direct identifiers (name, ID number) and the birth month are "
                "dropped; EA, household and PSU codes are replaced by keyed-hash pseudonyms.",
            ),
            _note(
                f"年龄在 {top_code_age} 岁顶端编码，出生年份相应底端编码。",
                f"Age is top-coded at {top_code_age} and the birth year bottom-coded to match.",
            ),
            _note(
                f"k 匿名报告（k = {k}）列出（性别、年龄组、民族、调查小区）组合中少于 k 人的单元，仅作报告，未作抑制。",
                f"The k-anonymity report (k = {k}) lists the cells of (sex, age group, ethnicity, "
                "EA) holding fewer than k persons; it reports, it suppresses nothing.",
            ),
        ]
    return out
