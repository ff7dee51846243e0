"""Synthetic resident ID numbers (valid check digits, real region codes): for tests and
for the end-to-end rule tests, which register each case's person through the gateway."""

from __future__ import annotations

from datetime import date

from servicekit.identity import check_digit


def make_id_number(region: str = "350102", birth: date = date(1990, 1, 1), serial: int = 123) -> str:
    """GB 11643: the serial's last digit is odd for a man, even for a woman."""
    first17 = f"{region}{birth:%Y%m%d}{serial:03d}"
    return first17 + check_digit(first17)


def serial_for(sex: str, n: int) -> int:
    """The `n`th serial (1–998, `n` modulo 499) whose parity says `sex` (MALE or FEMALE)."""
    return 2 * (1 + n % 499) - (1 if sex == "MALE" else 0)


def id_number_for(birth: date, sex: str, n: int) -> str:
    """A valid ID number for someone born on `birth` of `sex`: the `n`th serial, in the first
    Fujian county whose code existed in the birth year (stdnum checks it)."""
    from servicekit.errors import InvalidIdNumber
    from servicekit.identity import fujian_counties, parse_id_number

    for region in ["350102", "350121", *fujian_counties()]:
        number = make_id_number(region, birth, serial_for(sex, n))
        try:
            return parse_id_number(number).number
        except InvalidIdNumber:
            continue
    raise ValueError(f"no Fujian county code is valid for a birth on {birth.isoformat()}")
