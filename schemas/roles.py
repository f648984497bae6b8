"""Item roles: which items of a definition play which part in the edit rules, with which codes.

The consistency edits are about people and households, not item names (spec/roles.md): a
definition's ``roles`` section says that ``p02_rel`` is the relationship to the head with head
coded ``1``, that ``gender`` is sex with ``male``/``female``. The rules read roles only.

:data:`ROLE_SPECS` is the vocabulary: the table each role lives in, whether it is a coded item
(and with which code names), a number or text. :func:`role_problem` says why a declared role does
not fit its definition (unknown item, wrong table, code not in the item's list), naming the role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

if TYPE_CHECKING:
    from schemas.definition import Item, Questionnaire

Kind = Literal["coded", "number", "text", "birth"]


@dataclass(frozen=True)
class RoleSpec:
    """What a role is: its table, kind, the code names it may give and those it must give."""

    table: Literal["persons", "households"]
    kind: Kind
    label_en: str
    label_zh: str
    codes: tuple[str, ...] = ()
    required: tuple[str, ...] = ()


_RELATIONSHIP = (
    "head",
    "spouse",
    "child",
    "parent",
    "parent_in_law",
    "grandparent",
    "grandchild",
    "other",
)

ROLE_SPECS: dict[str, RoleSpec] = {
    # persons
    "relationship": RoleSpec(
        "persons", "coded", "relationship to the head", "与户主关系", _RELATIONSHIP, ("head",)
    ),
    "sex": RoleSpec("persons", "coded", "sex", "性别", ("male", "female"), ("male", "female")),
    "age": RoleSpec("persons", "number", "age in completed years", "年龄"),
    "birth": RoleSpec("persons", "birth", "year and month of birth", "出生年月"),
    "marital_status": RoleSpec(
        "persons",
        "coded",
        "marital status",
        "婚姻状况",
        ("never_married", "married", "formerly_married"),
        ("never_married", "married"),
    ),
    "residence": RoleSpec(
        "persons",
        "coded",
        "where the person was at the census moment",
        "普查时点居住地",
        ("present", "same_community"),
        ("present",),
    ),
    "id_number": RoleSpec("persons", "text", "citizen ID number", "公民身份号码"),
    "name": RoleSpec("persons", "text", "name", "姓名"),
    "children_born": RoleSpec("persons", "number", "children ever born", "生育子女数"),
    "children_surviving": RoleSpec("persons", "number", "children surviving", "存活子女数"),
    "hukou_place": RoleSpec(
        "persons", "coded", "place of hukou", "户口登记地", ("here", "unsettled"), ("here",)
    ),
    "time_away": RoleSpec(
        "persons",
        "coded",
        "time away from the hukou",
        "离开户口登记地时间",
        ("not_away",),
        ("not_away",),
    ),
    "education": RoleSpec(
        "persons",
        "coded",
        "educational attainment",
        "受教育程度",
        ("preschool", "secondary_or_more"),
    ),
    "literate": RoleSpec(
        "persons", "coded", "literate", "是否识字", ("able", "unable"), ("unable",)
    ),
    "employed": RoleSpec(
        "persons", "coded", "worked for pay", "是否工作", ("working", "not_working"), ("working",)
    ),
    "health": RoleSpec(
        "persons", "coded", "state of health", "身体健康状况", ("dependent",), ("dependent",)
    ),
    "birth_last_year": RoleSpec(
        "persons",
        "coded",
        "births in the reference year",
        "过去一年是否生育",
        ("no_birth", "one", "two_or_more"),
        ("one", "two_or_more"),
    ),
    # households
    "household_type": RoleSpec(
        "households", "coded", "household type", "户别", ("family", "collective"), ("family",)
    ),
    "persons_present": RoleSpec("households", "number", "persons present", "现住人数"),
    "persons_away": RoleSpec("households", "number", "persons away", "外出人数"),
    "household_size": RoleSpec("households", "number", "household size reported", "户人数"),
    "births_male": RoleSpec(
        "households", "number", "male births in the reference year", "出生（男）"
    ),
    "births_female": RoleSpec(
        "households", "number", "female births in the reference year", "出生（女）"
    ),
    "dwelling_type": RoleSpec(
        "households", "coded", "type of dwelling", "住所类型", ("ordinary",), ("ordinary",)
    ),
    "floor_area": RoleSpec("households", "number", "floor area", "住房建筑面积"),
}

SCHEMES = ("gb11643",)
"""ID number schemes the ID rules know (GB 11643-1999, China's citizen ID number)."""

CodeValue = int | str


class Role(BaseModel):
    """One declared role: its item (or birth year and month items) and its codes by name."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    item: str | None = None
    codes: dict[str, tuple[CodeValue, ...]] = {}
    year: str | None = None
    month: str | None = None
    scheme: str | None = None

    @field_validator("codes", mode="before")
    @classmethod
    def _lists(cls, codes: Any) -> Any:
        """``head: 1`` is ``head: [1]``; a blank code list is empty."""
        if isinstance(codes, dict):
            return {
                name: ()
                if value is None
                else tuple(value)
                if isinstance(value, list | tuple)
                else (value,)
                for name, value in codes.items()
            }
        return codes

    @property
    def items(self) -> tuple[str, ...]:
        """The items the role reads."""
        if self.item is not None:
            return (self.item,)
        return tuple(name for name in (self.year, self.month) if name is not None)

    def values(self, code: str) -> tuple[CodeValue, ...]:
        return self.codes.get(code, ())


def coerce_codes(role: Role, item: Item) -> Role:
    """The role with its codes in the item's type (``"1"`` for a text item coded ``"1"``)."""
    text = item.type.value == "text"

    def cast(value: CodeValue) -> CodeValue:
        if text:
            return str(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        return value

    codes = {name: tuple(cast(v) for v in values) for name, values in role.codes.items()}
    return role.model_copy(update={"codes": codes})


def _item(q: Questionnaire, name: str, role_name: str, spec: RoleSpec) -> Item:
    for table in q.record_tables:
        if name in table.by_name:
            if table.name != spec.table:
                raise ValueError(
                    f"role {role_name!r}: item {name!r} is an item of {table.name!r}, but the "
                    f"role belongs to {spec.table!r}"
                )
            return table.by_name[name]
    raise ValueError(f"role {role_name!r} names {name!r}, which is not an item of the definition")


def checked_roles(q: Questionnaire) -> dict[str, Role]:
    """The definition's roles with codes in their items' types; ``ValueError`` naming the role
    when one does not fit (unknown role, item, code name or code; wrong table or type)."""
    out: dict[str, Role] = {}
    for name, role in q.roles.items():
        spec = ROLE_SPECS.get(name)
        if spec is None:
            raise ValueError(f"unknown role {name!r}; roles are {', '.join(sorted(ROLE_SPECS))}")
        if spec.kind == "birth":
            if role.year is None or role.month is None or role.item is not None or role.codes:
                raise ValueError(f"role {name!r} takes a 'year' and a 'month' item")
            for item_name in role.items:
                if _item(q, item_name, name, spec).type.value == "text":
                    raise ValueError(f"role {name!r}: item {item_name!r} must be a number")
            out[name] = role
            continue
        if role.item is None or role.year is not None or role.month is not None:
            raise ValueError(f"role {name!r} takes an 'item'")
        item = _item(q, role.item, name, spec)
        if spec.kind == "number" and item.type.value == "text":
            raise ValueError(f"role {name!r}: item {item.name!r} is text, the role needs a number")
        if role.scheme is not None and (name != "id_number" or role.scheme not in SCHEMES):
            raise ValueError(f"role {name!r}: unknown scheme {role.scheme!r}")
        if spec.kind != "coded":
            if role.codes:
                raise ValueError(f"role {name!r} has no codes")
            out[name] = role
            continue
        unknown = sorted(set(role.codes) - set(spec.codes))
        if unknown:
            raise ValueError(
                f"role {name!r}: unknown code name(s) {', '.join(unknown)}; it names "
                f"{', '.join(spec.codes)}"
            )
        missing = [code for code in spec.required if not role.values(code)]
        if missing:
            raise ValueError(f"role {name!r} needs the code(s) of {', '.join(missing)}")
        role = coerce_codes(role, item)
        have = set(item.code_values)
        for code, values in role.codes.items():
            wrong = [v for v in values if v not in have]
            if wrong:
                raise ValueError(
                    f"role {name!r}: {code} {', '.join(map(repr, wrong))} is not a code of "
                    f"item {item.name!r}"
                )
        out[name] = role
    return out


BIRTH_PARTS = {"birth_year": "year", "birth_month": "month"}
"""The ``birth`` role's two columns, as rules and messages name them."""


def is_declared(roles: dict[str, Role], name: str) -> bool:
    """Whether ``name`` is declared; ``age`` is also given by ``birth``, and ``birth_year`` /
    ``birth_month`` by ``birth``."""
    if name == "age":
        return "age" in roles or "birth" in roles
    if name in BIRTH_PARTS:
        return "birth" in roles
    return name in roles


def role_fields(roles: dict[str, Role], names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The items the named roles read, in order, once each (undeclared roles give none)."""
    out: list[str] = []
    for name in names:
        if name == "age" and "age" not in roles:
            name = "birth"
        if name in BIRTH_PARTS and "birth" in roles:
            items: tuple[str, ...] = (str(getattr(roles["birth"], BIRTH_PARTS[name])),)
        elif name in roles:
            items = roles[name].items
        else:
            items = ()
        out.extend(item for item in items if item not in out)
    return tuple(out)
