"""Resident ID numbers (GB 11643) and region codes (GB/T 2260)."""

from __future__ import annotations

from datetime import date

import pytest

from servicekit.errors import InvalidIdNumber, UnknownRegion
from servicekit.identity import (
    Sex,
    mask_id_number,
    parse_id_number,
    region_name,
    region_prefix,
)
from tests.ids import make_id_number


def test_valid_number_yields_birth_date_sex_and_region() -> None:
    resident = parse_id_number(make_id_number("350102", date(1990, 1, 1), 124))
    assert (resident.birth_date, resident.sex, resident.region_code) == (
        date(1990, 1, 1),
        Sex.FEMALE,
        "350102",
    )


def test_check_digit_x_is_accepted_in_either_case() -> None:
    assert parse_id_number("11010519491231002x").number == "11010519491231002X"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "123",
        "11010519491231002Y",
        "110105194912310020",
        "110105194913310020",
        make_id_number(birth=date(2099, 1, 1)),
        make_id_number(region="999999"),
    ],
)
def test_invalid_numbers_raise_with_a_stable_code(raw: str) -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number(raw, today=date(2026, 1, 1))
    assert caught.value.extensions()["code"] == "INVALID_ID_NUMBER"


def test_a_county_that_did_not_exist_in_the_birth_year_is_rejected() -> None:
    # 350112 (长乐区) exists only from 2017; nobody born in 1990 was registered there.
    with pytest.raises(InvalidIdNumber):
        parse_id_number(make_id_number("350112", date(1990, 1, 1)))
    assert parse_id_number(make_id_number("350112", date(2018, 1, 1))).region_code == "350112"


def test_mask_keeps_region_and_last_four() -> None:
    assert mask_id_number("350102199001011234") == "350102************"
    assert mask_id_number("123") == "***"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("350000", "福建省"),
        ("350100", "福建省福州市"),
        ("350102", "福建省福州市鼓楼区"),
        ("350111", "福建省福州市晋安区"),
    ],
)
def test_region_names_are_current(code: str, name: str) -> None:
    assert region_name(code) == name


@pytest.mark.parametrize("code", ["359999", "35010", "abcdef", "3501021"])
def test_unknown_regions_are_rejected(code: str) -> None:
    with pytest.raises(UnknownRegion):
        region_name(code)


def test_region_prefix_selects_everything_inside() -> None:
    assert [region_prefix(c) for c in ("350000", "350100", "350102")] == ["35", "3501", "350102"]
