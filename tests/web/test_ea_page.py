"""An EA's page without JavaScript: its households searched by address, head's name and number,
and filtered by state, through a plain GET form."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from tests.web.clients import add_unlisted, login
from tests.web.review_data import household, submit
from tests.web.survey_data import EA1

EA = f"/ea/{EA1}"


def numbers(client: FlaskClient, **args: str) -> list[str]:
    """The household numbers the EA page lists for this search."""
    page = client.get(EA, query_string=args)
    assert page.status_code == 200
    return re.findall(rf'id="hh-{EA1}-(\d{{3}})"', page.text)


@pytest.fixture
def wang(client: FlaskClient, tokens: dict[str, str]) -> FlaskClient:
    """EA1: 001 submitted, 002 not started, 003 an addition at 5号楼 501 (head 孙丽), a draft."""
    submit(client, tokens["wang"], household("001"))
    login(client, "wang")
    add_unlisted(client, "5号楼 501", "孙丽")
    return client


def test_the_ea_page_is_searched_by_address_head_and_number(wang) -> None:
    assert numbers(wang) == ["001", "002", "003"]
    assert numbers(wang, q="王芳") == ["002"]
    assert numbers(wang, q="孙丽") == ["003"]
    assert numbers(wang, q="5号楼") == ["003"]
    assert numbers(wang, q="1-102") == ["002"]  # a listed household's building-unit
    assert numbers(wang, q="001") == ["001"]
    assert numbers(wang, q="nobody") == []
    assert "No household matches." in wang.get(EA, query_string={"q": "nobody"}).text
    assert 'value="王芳"' in wang.get(EA, query_string={"q": "王芳"}).text  # the search is kept


def test_the_ea_page_is_filtered_by_state(wang) -> None:
    assert numbers(wang, state="submitted") == ["001"]
    assert numbers(wang, state="none") == ["002"]
    assert numbers(wang, state="draft") == ["003"]
    assert numbers(wang, state="approved") == []
    assert numbers(wang, state="nonsense") == ["001", "002", "003"]  # an unknown state: all
    assert numbers(wang, q="孙丽", state="submitted") == []
