"""The words that make an item, or one of its value labels, read as a role: in English, French,
Spanish, Portuguese and Chinese, as regular expressions matched on names and labels."""

from __future__ import annotations

import re


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns), re.IGNORECASE)


ITEM = {
    "relationship": _words(
        r"\brelat",
        r"\brel\b",
        r"lien",
        r"parent[eé]",
        r"v[ií]nculo",
        r"rela[cç][aã]o",
        r"parentesco",
        r"与户主",
        r"关系",
    ),
    "sex": _words(r"\bsex", r"gender", r"sexe", r"sexo", r"g[eé]nero", r"性别"),
    "age": _words(
        r"^age\b",
        r"^âge",
        r"^edad",
        r"^idade",
        r"\bage in\b",
        r"\bage$",
        r"\bage of\b",
        r"\bage\s*[:?(]",
        r"\bhow old\b",
        r"\bquel [aâ]ge\b",
        r"\bqu[eé] edad\b",
        r"\bque idade\b",
        r"年龄",
    ),
    "marital_status": _words(
        r"marital",
        r"matrimon",
        r"civil status",
        r"estado civil",
        r"[eé]tat civil",
        r"situa[cç][aã]o conjugal",
        r"婚姻",
    ),
}
NOT_AGE = _words(
    r"marri",
    r"first",
    r"when",
    r"mariage",
    r"group",
    r"range",
    r"class",
    r"\bmonths?\b",
    r"\bmois\b",
    r"\bmeses\b",
    r"月龄",
)
"""Ages that are not the person's age in completed years (at marriage, in months, a band)."""
OTHER_PERSON = _words(
    r"\b(mother|father|head|spouse|husband|wife|respondent|resp|proxy|deceased)\b",
    r"\bof the (child|baby|infant)\b",
    r"\b(m[eè]re|p[eè]re|madre|padre|m[aã]e|pai)\b",
    r"母亲|父亲|户主|配偶|受访者",
)
"""An item about another person than the one the row is (the mother's age, the respondent's sex)."""

RELATIONSHIP = {  # checked in this order: the first that matches a value label wins
    "grandchild": _words(
        r"grand[- ]?(son|daughter|child)",
        r"petit[- ]?(fils|fille|enfant)",
        r"niet[oa]",
        r"net[oa]",
        r"孙",
    ),
    "grandparent": _words(
        r"grand[- ]?(father|mother|parent)",
        r"grand-p[eè]re",
        r"grand-m[eè]re",
        r"abuel",
        r"av[oóô]",
        r"祖父",
        r"祖母",
    ),
    "parent_in_law": _words(
        r"(father|mother|parent)s?[- ]in[- ]law",
        r"beau-p[eè]re",
        r"belle-m[eè]re",
        r"beaux-parents",
        r"suegr",
        r"sogr",
        r"岳",
        r"公婆",
    ),
    "head": _words(
        r"\bhead\b", r"\bchef\b", r"jefe", r"jefa", r"cabeza", r"chefe", r"respons[aá]vel", r"户主"
    ),
    "spouse": _words(
        r"spouse",
        r"\bwife\b",
        r"husband",
        r"partner",
        r"[eé]poux",
        r"[eé]pouse",
        r"conjoint",
        r"c[oó]nyuge",
        r"espos[oa]",
        r"c[oô]njuge",
        r"companheir",
        r"配偶",
    ),
    "child": _words(
        r"^(son|daughter|child)",
        r"\b(son|daughter|child)(ren)?\b(?!.*in[- ]law)",
        r"^fils",
        r"^fille",
        r"^enfant",
        r"^hij[oa]",
        r"^filh[oa]",
        r"子女",
        r"儿子",
        r"女儿",
    ),
    "parent": _words(
        r"^(father|mother|parent)s?\b(?!.*in[- ]law)",
        r"^p[eè]re",
        r"^m[eè]re",
        r"^padre",
        r"^madre",
        r"^pai\b",
        r"^m[aã]e\b",
        r"父母",
        r"父亲",
        r"母亲",
    ),
}
IN_LAW = _words(
    r"in[- ]?law", r"beau", r"belle", r"yerno", r"nuera", r"genro", r"nora", r"媳", r"婿"
)
UNKNOWN = _words(
    r"not (reported|stated|known)",
    r"unknown",
    r"don'?t know",
    r"missing",
    r"no sabe",
    r"ignorad",
    r"non d[eé]clar",
    r"不详",
    r"未知",
)
SEX = {
    "female": _words(
        r"^\s*f\s*$",
        r"female",
        r"woman",
        r"women",
        r"f[eé]minin",
        r"femme",
        r"mujer",
        r"femenino",
        r"mulher",
        r"girl",
        r"女",
    ),
    "male": _words(
        r"^\s*m\s*$",
        r"^\s*male",
        r"\bman\b",
        r"\bmen\b",
        r"masculin",
        r"homme",
        r"hombre",
        r"var[oó]n",
        r"homem",
        r"boy",
        r"男",
    ),
}
MARITAL = {
    "never_married": _words(
        r"never", r"single", r"unmarried", r"c[eé]libat", r"solter", r"jamais", r"nunca", r"未婚"
    ),
    "formerly_married": _words(
        r"divorc",
        r"widow",
        r"separat",
        r"veu[fv]",
        r"viud",
        r"vi[uú]v",
        r"s[eé]par",
        r"离婚",
        r"丧偶",
        r"分居",
    ),
    "married": _words(
        r"married",
        r"mari[eé]",
        r"casad",
        r"union",
        r"uni[oó]n",
        r"cohabit",
        r"living together",
        r"concubin",
        r"有配偶",
        r"已婚",
        r"初婚",
        r"再婚",
    ),
}
