"""ID — the citizen ID number (公民身份号码, GB 11643-1999).

A lower-case ``x`` is read as ``X``. ID-02, ID-03 and ID-04 read the number only when it passes
ID-01 (a malformed number is one finding, not four). The ID number itself never appears in a
message.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as arrow
import pyarrow.compute as pc

from schemas.idnumber import PROVINCE_CODES, WEIGHTS
from validation import text
from validation.context import Context
from validation.findings import combine, hits
from validation.messages import Labels
from validation.registry import Severity, rule

FORM = r"^\d{17}[\dXx]$"
"""17 digits and a digit or X; a lower-case x is read as X (collectors store it upper-case)."""
_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_MALFORMED = 2 * 10**18
"""Keys of ID numbers that are not well formed start here (well-formed ones are below 10**18 + 11)."""
_CHECK_VALUES = np.array([1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2])
"""``CHECK_CHARS`` ("10X98765432") as numbers, ``X`` = 10."""


def _ascii_rows(strings: arrow.Array, width: int) -> np.ndarray:
    """Strings all of ``width`` ASCII characters as a (rows, width) array of their bytes, read
    straight from the Arrow buffers."""
    flat = strings.combine_chunks() if isinstance(strings, arrow.ChunkedArray) else strings
    if len(flat) == 0:
        return np.zeros((0, width), dtype=np.uint8)
    buffers = flat.buffers()
    wide = arrow.types.is_large_string(flat.type)
    offsets = np.frombuffer(buffers[1], dtype=np.int64 if wide else np.int32)
    offsets = offsets[flat.offset : flat.offset + len(flat) + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return data.reshape(-1, width)


_BLOCK_ROWS = 1 << 18


def _weighted(digits: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each row of small digits times ``weights``, summed, as int64: in blocks of rows, so that
    a survey's millions of rows never become one int64 matrix (eight times the digits)."""
    out = np.empty(len(digits), dtype=np.int64)
    for start in range(0, len(digits), _BLOCK_ROWS):
        block = digits[start : start + _BLOCK_ROWS]
        out[start : start + _BLOCK_ROWS] = block.astype(np.int64) @ weights
    return out


@dataclass
class IdNumbers:
    """The person table's ID numbers taken apart, once per run: the well-formed ones become a
    matrix of 18 digit values (``X`` = 10), from which every rule reads."""

    ids: pd.Series
    well_formed: np.ndarray

    @cached_property
    def filled(self) -> np.ndarray:
        return self.ids.notna().to_numpy(dtype=bool)

    @cached_property
    def _digits(self) -> np.ndarray:
        chosen = pc.filter(text.strings(self.ids), arrow.array(self.well_formed))
        codes = _ascii_rows(chosen, 18)
        digits = codes - np.uint8(ord("0"))
        last = codes[:, 17]  # the only place a well-formed number may hold an X
        digits[(last == ord("X")) | (last == ord("x")), 17] = 10
        return digits

    @cached_property
    def keys(self) -> np.ndarray:
        """The well-formed numbers as integers (``X`` = 10 in the last place), -1 elsewhere: two
        rows hold the same ID number exactly when their keys are equal."""
        out = np.full(len(self.ids), -1, dtype=np.int64)
        out[self.well_formed] = _weighted(self._digits[:, :17], 10 ** np.arange(17, 0, -1))
        out[self.well_formed] += self._digits[:, 17]
        return out

    def part(self, start: int, stop: int) -> np.ndarray:
        """Characters ``start``–``stop`` (0-based, end exclusive) as a number; NaN where the ID
        number is not well formed."""
        powers = 10 ** np.arange(stop - start - 1, -1, -1)
        out = np.full(len(self.ids), np.nan)
        out[self.well_formed] = _weighted(self._digits[:, start:stop], powers)
        return out

    @cached_property
    def real_date(self) -> np.ndarray:
        year, month, day = self.part(6, 10), self.part(10, 12), self.part(12, 14)
        good_month = (month >= 1) & (month <= 12)
        leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
        days = np.where(good_month, _DAYS[np.where(good_month, month, 1).astype(int) - 1], 0)
        days = days + ((month == 2) & leap)
        return self.well_formed & (year >= 1) & good_month & (day >= 1) & (day <= days)

    @cached_property
    def check_ok(self) -> np.ndarray:
        digits = self._digits
        expected = _CHECK_VALUES[_weighted(digits[:, :17], WEIGHTS) % 11]
        out = np.zeros(len(self.ids), dtype=bool)
        out[self.well_formed] = expected == digits[:, 17]
        return out

    @cached_property
    def valid(self) -> np.ndarray:
        """Passes ID-01."""
        return self.well_formed & self.real_date & self.check_ok


def id_numbers(ctx: Context) -> IdNumbers:
    return ctx.shared(
        "id_numbers",
        lambda: IdNumbers(
            ctx.roles.series("id_number"),
            ctx.matches("persons", ctx.roles.item("id_number").name, FORM),
        ),
    )


@rule(
    "ID-01",
    Severity.ERROR,
    roles=("id_number",),
    scheme="gb11643",
    en="ID number not 17 digits + digit/X, wrong check character, or characters 7–14 not a real date",
    zh="公民身份号码不是17位数字加1位数字或X、校验码错误，或第7–14位不是真实日期",
    supersedes=("V-03",),
)
def malformed(ctx: Context) -> pd.DataFrame:
    ids = id_numbers(ctx)
    bad_form = ids.filled & ~ids.well_formed
    bad_date = ids.well_formed & ~ids.real_date
    bad_check = ids.well_formed & ~ids.check_ok
    fix_en = "copy the number again from the ID card or household register."
    fix_zh = "请对照身份证或户口簿重新填写。"
    return combine(
        [
            hits(
                ctx.people,
                bad_form,
                level="person",
                en=f"the ID number is not 17 digits followed by a digit or X; {fix_en}",
                zh=f"公民身份号码不是17位数字加1位数字或X，{fix_zh}",
            ),
            hits(
                ctx.people,
                bad_date & bad_check,
                level="person",
                en=(
                    "characters 7–14 of the ID number are not a real date and its check "
                    f"character (18th) does not match; {fix_en}"
                ),
                zh=f"公民身份号码第7–14位不是真实日期，且第18位校验码不符，{fix_zh}",
            ),
            hits(
                ctx.people,
                bad_date & ~bad_check,
                level="person",
                en=f"characters 7–14 of the ID number are not a real date; {fix_en}",
                zh=f"公民身份号码第7–14位不是真实日期，{fix_zh}",
            ),
            hits(
                ctx.people,
                bad_check & ~bad_date,
                level="person",
                en=f"the check character (18th) of the ID number does not match the first 17; {fix_en}",
                zh=f"公民身份号码第18位校验码与前17位不符，{fix_zh}",
            ),
        ]
    )


@rule(
    "ID-02",
    Severity.ERROR,
    roles=("id_number", "birth"),
    scheme="gb11643",
    en="Birth year and month in the ID number differ from birth_year/birth_month",
    zh="公民身份号码中的出生年月与出生年、出生月不符",
)
def birth_mismatch(ctx: Context) -> pd.DataFrame:
    ids = id_numbers(ctx)
    year, month = ctx.roles.number("birth_year"), ctx.roles.number("birth_month")
    differs = (ids.part(6, 10) != year) | (ids.part(10, 12) != month)
    mask = ids.valid & ctx.known(year, month) & differs
    return hits(
        ctx.people,
        mask,
        level="person",
        en=(
            "the birth year and month in the ID number (characters 7–12) differ from the birth "
            "year and month entered ({birth_year}-{birth_month}); correct whichever is wrong."
        ),
        zh=(
            "公民身份号码第7–12位的出生年月与填报的出生年月（{birth_year}年{birth_month}月）"
            "不符，请更正错误的一项。"
        ),
    )


@rule(
    "ID-03",
    Severity.ERROR,
    roles=("id_number", "sex"),
    scheme="gb11643",
    en="Parity of the 17th character of the ID number differs from sex",
    zh="公民身份号码第17位的奇偶与性别不符",
)
def sex_mismatch(ctx: Context) -> pd.DataFrame:
    ids = id_numbers(ctx)
    sex = ctx.roles.sex  # 1 male, 2 female, NaN otherwise
    id_sex = np.where(ids.part(16, 17) % 2 == 1, 1.0, 2.0)
    mask = ids.valid & np.isin(sex, (1, 2)) & (id_sex != sex)
    item = ctx.roles.item("sex")
    male, female = ctx.roles.code_value("sex", "male"), ctx.roles.code_value("sex", "female")
    id_code = pd.Series([male if one else female for one in id_sex == 1], dtype=object)
    return hits(
        ctx.people,
        mask,
        level="person",
        en=(
            "the 17th character of the ID number is that of a {id_sex} but sex is {sex} "
            "({entered}); correct the sex or the ID number."
        ),
        zh="公民身份号码第17位表示{id_sex}性，但性别填报为{sex}（{entered}），请更正性别或公民身份号码。",
        values=lambda: {
            "id_sex": Labels(item, id_code),
            "entered": ctx.roles.labels("sex"),
        },
    )


@rule(
    "ID-04",
    Severity.WARNING,
    roles=("id_number",),
    scheme="gb11643",
    en="Characters 1–2 of the ID number are not a province code",
    zh="公民身份号码第1–2位不是省级行政区划代码",
)
def province(ctx: Context) -> pd.DataFrame:
    ids = id_numbers(ctx)
    mask = ids.valid & ~np.isin(ids.part(0, 2), sorted(PROVINCE_CODES))
    return hits(
        ctx.people,
        mask,
        level="person",
        en=(
            "the ID number does not begin with a province code (11–15, 21–23, 31–37, 41–46, "
            "50–54, 61–65, 71, 81, 82); check it against the ID card."
        ),
        zh="公民身份号码前两位不是省级行政区划代码，请对照身份证核实。",
    )


@rule(
    "ID-05",
    Severity.ERROR,
    roles=("id_number", "residence"),
    en="The same ID number on two person rows with residence == 1 (a person counted twice)",
    zh="同一公民身份号码出现在两条普查时点居住在本调查小区的记录中（重复登记）",
)
def counted_twice(ctx: Context) -> pd.DataFrame:
    ids = id_numbers(ctx)
    present = ids.filled & ctx.roles.coded("residence", "present")
    candidates = np.flatnonzero(present)
    if candidates.size < 2:
        return combine([])
    keys = ids.keys[candidates]
    odd = keys < 0  # not well formed: compare the text, upper-cased
    if odd.any():
        texts = ids.ids.iloc[candidates[odd]].str.upper()
        keys[odd] = _MALFORMED + pd.factorize(texts)[0]
    twice = pd.Series(keys).duplicated(keep=False).to_numpy(dtype=bool)  # hashed: no sort
    rows = candidates[twice]
    if rows.size == 0:
        return combine([])
    _, codes, sizes = np.unique(keys[twice], return_inverse=True, return_counts=True)
    order = np.argsort(codes, kind="stable")
    rows, codes = rows[order], codes[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    start_of = np.repeat(starts, np.diff(np.r_[starts, codes.size]))
    other = np.where(np.arange(rows.size) == start_of, rows[start_of + 1], rows[start_of])
    persons = ctx.persons
    mask = np.zeros(len(persons), dtype=bool)
    mask[rows] = True
    in_row_order = np.argsort(rows)  # the order of the found rows in ``hits``
    other, count = other[in_row_order], sizes[codes][in_row_order]
    return hits(
        persons,
        mask,
        level="person",
        en=(
            "the same ID number is on another person present at the census moment, in EA "
            "{other_ea} household {other_hh} line {other_line} ({count} such rows in all): one "
            "person counted twice; keep one record and correct or remove the other."
        ),
        zh=(
            "同一公民身份号码另见于调查小区{other_ea}第{other_hh}户第{other_line}人"
            "（共{count}条普查时点居住在本小区的记录），同一人被重复登记；请保留一条，更正或删除其余记录。"
        ),
        at_rows=lambda _: {
            "other_ea": persons["ea_id"].array.take(other),
            "other_hh": persons["hh_no"].array.take(other),
            "other_line": persons["line_no"].array.take(other),
            "count": count,
        },
    )
