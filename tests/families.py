"""The clean family every workflow test starts from: head, spouse and a 13-year-old son.

Shared by the survey and web tests so the household they reason about is written once.
"""

from __future__ import annotations

from schemas.idnumber import check_char

EA1, EA2 = "370102001001001", "370102001001002"


def citizen_id(year: int, month: int, day: int, sequence: int, region: str = "370102") -> str:
    """A valid 18-character ID number (GB 11643) of a person born that day in ``region``; an
    odd ``sequence`` is a man's."""
    first17 = f"{region}{year:04d}{month:02d}{day:02d}{sequence:03d}"
    return first17 + check_char(first17)


def family(
    hh_no: str = "001", ea_id: str = EA1
) -> tuple[dict[str, object], list[dict[str, object]]]:
    """A clean family: head, spouse and a 13-year-old son, all present."""
    household = {
        "ea_id": ea_id,
        "hh_no": hh_no,
        "hh_type": 1,
        "n_present": 3,
        "n_away": 0,
        "births_m": 0,
        "births_f": 0,
        "deaths_m": 0,
        "deaths_f": 0,
        "dwelling_type": 1,
        "floor_area": 90,
        "rooms": 3,
    }
    common = {"ethnicity": "01", "residence": 1, "hukou_place": 1, "time_away": 1}
    offset = 2 * (int(hh_no) + (100 if ea_id != EA1 else 0))  # even: keeps the sex parity
    persons = [
        {
            **common,
            "line_no": 1,
            "name": "张伟",
            "relationship": 0,
            "sex": 1,
            "birth_year": 1980,
            "birth_month": 5,
            "id_number": citizen_id(1980, 5, 15, 11 + offset),
            "education": 6,
            "literate": 1,
            "marital_status": 2,
            "employed": 1,
        },
        {
            **common,
            "line_no": 2,
            "name": "李娜",
            "relationship": 1,
            "sex": 2,
            "birth_year": 1982,
            "birth_month": 3,
            "id_number": citizen_id(1982, 3, 8, 22 + offset),
            "education": 7,
            "literate": 1,
            "marital_status": 2,
            "employed": 1,
            "children_born": 1,
            "children_surviving": 1,
            "birth_last_year": 1,
        },
        {
            **common,
            "line_no": 3,
            "name": "张小明",
            "relationship": 2,
            "sex": 1,
            "birth_year": 2012,
            "birth_month": 7,
            "id_number": citizen_id(2012, 7, 1, 33 + offset),
            "education": 3,
        },
    ]
    return household, persons
