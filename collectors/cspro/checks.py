"""Structural checks of a CSPro data file, over columns; each returns located problems (at most
:data:`LIMIT` of a kind, then one saying how many more)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from collectors.cspro.problems import problem
from collectors.problems import Problem

LIMIT = 20


def _capped(
    found: list[Problem], total: int, file: str, what_en: str, what_zh: str
) -> list[Problem]:
    if total > len(found):
        found.append(
            problem(
                "more",
                f"… and {total - len(found)} more {what_en}",
                f"……另有{total - len(found)}处{what_zh}",
                file,
            )
        )
    return found


def unknown_types(
    lines: pd.DataFrame, types: pd.Series, known: set[str], file: str
) -> list[Problem]:
    bad = ~types.isin(list(known)).to_numpy()
    shown = ", ".join(f"'{t}'" for t in sorted(known))
    found = [
        problem(
            "record_type",
            f"record type '{value}' is not in the dictionary (its record types: {shown}); "
            "correct the line or use the dictionary the data were entered with",
            f"记录类型“{value}”不在数据字典中（字典中的记录类型：{shown}）；"
            "请更正该行，或使用录入数据时所用的数据字典",
            file,
            row=int(line),
        )
        for value, line in zip(types[bad].head(LIMIT), lines["line"][bad].head(LIMIT), strict=True)
    ]
    return _capped(found, int(bad.sum()), file, "lines of unknown type", "未知记录类型的行")


def short_lines(lines: pd.DataFrame, ids_end: int, file: str) -> list[Problem]:
    lengths = lines["text"].str.len().to_numpy()
    bad = lengths < ids_end
    found = [
        problem(
            "short_line",
            f"the line has {length} characters but the id items end at position {ids_end}; "
            "the line is cut short, restore it from the original file",
            f"该行只有{length}个字符，而标识项到第{ids_end}位才结束；该行被截断，请从原文件恢复",
            file,
            row=int(line),
        )
        for length, line in zip(lengths[bad][:LIMIT], lines["line"][bad].head(LIMIT), strict=True)
    ]
    return _capped(found, int(bad.sum()), file, "short lines", "过短的行")


def bad_household_numbers(
    lines: pd.DataFrame, numbers: pd.Series, item: str, largest: int, file: str
) -> list[Problem]:
    digits = numbers.str.fullmatch(r"\d+").fillna(False).to_numpy(dtype=bool)
    value = pd.to_numeric(numbers.where(digits), errors="coerce").to_numpy(dtype=float)
    bad = ~digits | ~((value >= 1) & (value <= largest))
    found = [
        problem(
            "household_number",
            f"the household number {item} is '{shown}', not a number from 1 to {largest}; "
            "correct it, or choose another id item with --household",
            f"户编号 {item} 为“{shown}”，不是 1 至 {largest} 的数字；请更正，或用 --household 选择其他标识项",
            file,
            row=int(line),
            column=item,
        )
        for shown, line in zip(
            numbers[bad].head(LIMIT), lines["line"][bad].head(LIMIT), strict=True
        )
    ]
    return _capped(found, int(bad.sum()), file, "bad household numbers", "错误的户编号")


def repeated(lines: pd.DataFrame, case: np.ndarray, record: str, file: str) -> list[Problem]:
    """A single-occurrence record given twice for one case."""
    again = pd.Series(case).duplicated().to_numpy()
    line_numbers = lines["line"].to_numpy()
    first = pd.Series(line_numbers).groupby(case).transform("min").to_numpy()
    found = [
        problem(
            "repeated_record",
            f"a second {record} record for the case of line {int(earlier)}; a case has one "
            f"{record} record, remove one or correct its id items",
            f"第{int(earlier)}行所属个案的第二个 {record} 记录；每个个案只有一个 {record} 记录，"
            "请删除其一或更正其标识项",
            file,
            row=int(line),
        )
        for line, earlier in zip(line_numbers[again][:LIMIT], first[again][:LIMIT], strict=True)
    ]
    return _capped(found, int(again.sum()), file, "repeated records", "重复的记录")


def _households(
    households: pd.DataFrame, lines: pd.Series, picked: np.ndarray
) -> Iterator[tuple[str, str, int]]:
    """``ea_id``, ``hh_no`` and line of the first :data:`LIMIT` households ``picked``."""
    return zip(
        households["ea_id"][picked].head(LIMIT),
        households["hh_no"][picked].head(LIMIT),
        lines[picked].head(LIMIT),
        strict=True,
    )


def orphan_persons(
    households: pd.DataFrame, has_record: np.ndarray, lines: pd.Series, file: str
) -> list[Problem]:
    bad = ~has_record
    found = [
        problem(
            "no_household_record",
            f"person records of household {ea}/{hh} have no household record; add the household "
            "record or correct the id items of these person records",
            f"户 {ea}/{hh} 的人记录没有户记录；请补上户记录，或更正这些人记录的标识项",
            file,
            row=int(line),
        )
        for ea, hh, line in _households(households, lines, bad)
    ]
    return _capped(
        found, int(bad.sum()), file, "households without a household record", "缺少户记录的户"
    )


def repeated_keys(households: pd.DataFrame, lines: pd.Series, file: str) -> list[Problem]:
    """Two cases that became the same (ea_id, hh_no): ea_id leaves out a distinguishing id."""
    again = households.duplicated(["ea_id", "hh_no"]).to_numpy()
    found = [
        problem(
            "repeated_household",
            f"ea_id {ea} and hh_no {hh} are shared with an earlier case; include more id items "
            "in ea_id (--ea)",
            f"调查小区代码 {ea} 与户编号 {hh} 与前面的个案重复；请在调查小区代码中加入更多标识项（--ea）",
            file,
            row=int(line),
        )
        for ea, hh, line in _households(households, lines, again)
    ]
    return _capped(found, int(again.sum()), file, "repeated household keys", "重复的户编号")


def beyond_max_records(
    person_lines: np.ndarray, line_no: np.ndarray, record: str, max_records: int, file: str
) -> list[Problem]:
    """Person records past the dictionary's MaxRecords for their case: kept (a warning here,
    V-03 on ``line_no`` in ``survey check``), never merged away."""
    beyond = line_no > max_records
    found = [
        problem(
            "beyond_max_records",
            f"person {int(n)} of its case, but the dictionary allows at most {max_records} "
            f"{record} records; it is kept and 'survey check' reports it (V-03 on the line "
            "number): correct the case or the dictionary",
            f"该个案的第{int(n)}人，但数据字典规定 {record} 记录最多{max_records}个；已保留，"
            "survey check 将报告（人员序号 V-03）：请更正该个案或数据字典",
            file,
            row=int(line),
        )
        for line, n in zip(person_lines[beyond][:LIMIT], line_no[beyond][:LIMIT], strict=True)
    ]
    return _capped(
        found, int(beyond.sum()), file, "records beyond MaxRecords", "超出 MaxRecords 的记录"
    )
