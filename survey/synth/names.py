"""Chinese personal names: surnames weighted by frequency, given names of one or two characters."""

from __future__ import annotations

import numpy as np

from survey.synth.rosters import (
    CHILD_IN_LAW,
    CHILDREN,
    FATHER,
    FATHER_IN_LAW,
    GRANDCHILDREN,
    GRANDPARENT,
    HEAD,
    N_SLOTS,
    OLDEST_CHILD,
    SIBLING,
    SPOUSE,
    Rosters,
)

# The most common surnames with their approximate share (per cent) of the population.
_SURNAMES = {
    "王": 7.1, "李": 7.0, "张": 6.8, "刘": 5.4, "陈": 4.6, "杨": 3.1, "黄": 2.2, "赵": 2.1,
    "吴": 2.0, "周": 1.9, "徐": 1.5, "孙": 1.5, "马": 1.3, "朱": 1.3, "胡": 1.2, "郭": 1.2,
    "何": 1.1, "林": 1.0, "高": 1.0, "罗": 0.9, "郑": 0.9, "梁": 0.8, "谢": 0.8, "宋": 0.7,
    "唐": 0.7, "许": 0.7, "韩": 0.7, "冯": 0.6, "邓": 0.6, "曹": 0.6, "彭": 0.6, "曾": 0.5,
    "肖": 0.5, "田": 0.5, "董": 0.5, "袁": 0.5, "潘": 0.5, "于": 0.5, "蒋": 0.5, "蔡": 0.5,
    "余": 0.5, "杜": 0.4, "叶": 0.4, "程": 0.4, "苏": 0.4, "魏": 0.4, "吕": 0.4, "丁": 0.4,
    "任": 0.4, "沈": 0.4, "姚": 0.4, "卢": 0.4, "姜": 0.4, "崔": 0.3, "钟": 0.3, "谭": 0.3,
    "陆": 0.3, "汪": 0.3, "范": 0.3, "金": 0.3, "石": 0.3, "廖": 0.3, "贾": 0.3, "夏": 0.3,
    "韦": 0.3, "付": 0.3, "方": 0.3, "白": 0.3, "邹": 0.3, "孟": 0.3, "熊": 0.3, "秦": 0.3,
    "邱": 0.3, "江": 0.3, "尹": 0.3, "薛": 0.2, "闫": 0.2, "段": 0.2, "雷": 0.2, "侯": 0.2,
    "龙": 0.2, "史": 0.2, "陶": 0.2, "黎": 0.2, "贺": 0.2, "顾": 0.2, "毛": 0.2, "郝": 0.2,
    "龚": 0.2, "邵": 0.2, "万": 0.2, "钱": 0.2, "严": 0.2, "武": 0.2, "戴": 0.2, "孔": 0.2,
    "欧阳": 0.02, "司马": 0.005, "诸葛": 0.005,
}  # fmt: skip
SURNAMES = np.array(list(_SURNAMES))
_WEIGHTS = np.array(list(_SURNAMES.values()))
SURNAME_P = _WEIGHTS / _WEIGHTS.sum()

MALE_CHARS = np.array(
    list("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳志国建文博海东成峰亮晨轩睿泽航")
)
FEMALE_CHARS = np.array(
    list("芳娜敏静丽艳娟霞秀玲桂英慧燕萍红梅琳雪颖婷倩洁兰琴云莉欣怡涵萱雨佳悦瑶晶璐")
)
NEUTRAL_CHARS = np.array(list("子一思嘉晓春秋新安宏金玉"))


def surnames(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` surnames drawn by frequency."""
    return SURNAMES[rng.choice(len(SURNAMES), size=n, p=SURNAME_P)]


def _chars(rng: np.random.Generator, sex: np.ndarray, neutral_share: float) -> np.ndarray:
    male = MALE_CHARS[rng.integers(len(MALE_CHARS), size=len(sex))]
    female = FEMALE_CHARS[rng.integers(len(FEMALE_CHARS), size=len(sex))]
    neutral = NEUTRAL_CHARS[rng.integers(len(NEUTRAL_CHARS), size=len(sex))]
    chosen = np.where(sex == 1, male, female)
    return np.where(rng.random(len(sex)) < neutral_share, neutral, chosen)


def given_names(rng: np.random.Generator, sex: np.ndarray) -> np.ndarray:
    """One- or two-character given names fitting each sex (1 male, 2 female)."""
    first = _chars(rng, sex, 0.25)
    second = _chars(rng, sex, 0.0)
    two = rng.random(len(sex)) < 0.75
    return np.char.add(first, np.where(two, second, ""))


def full_names(rng: np.random.Generator, surname: np.ndarray, sex: np.ndarray) -> np.ndarray:
    return np.char.add(surname.astype(str), given_names(rng, sex))


def family_surnames(rng: np.random.Generator, r: Rosters) -> np.ndarray:
    """Surnames per household × slot: children take their father's, the head's father and
    siblings share the head's, a married child's children take the husband's."""
    n = len(r.age)
    drawn = surnames(rng, n * N_SLOTS).reshape(n, N_SLOTS)
    out = drawn.copy()
    head = drawn[:, HEAD]
    father_line = np.where((r.sex[:, HEAD] == 2) & r.present[:, SPOUSE], drawn[:, SPOUSE], head)
    out[:, CHILDREN] = father_line[:, None]
    out[:, FATHER] = head
    out[:, SIBLING] = head
    out[:, GRANDPARENT] = np.where(r.sex[:, GRANDPARENT] == 1, head, drawn[:, GRANDPARENT])
    out[:, FATHER_IN_LAW] = drawn[:, SPOUSE]
    grandchild = np.where(r.sex[:, OLDEST_CHILD] == 1, father_line, drawn[:, CHILD_IN_LAW])
    out[:, GRANDCHILDREN] = grandchild[:, None]
    return np.where(r.collective[:, None], drawn, out)
