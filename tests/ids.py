"""Synthetic resident ID numbers for tests (valid check digits, real region codes)."""

from __future__ import annotations

from datetime import date

from servicekit.identity import check_digit


def make_id_number(region: str = "350102", birth: date = date(1990, 1, 1), serial: int = 123) -> str:
    first17 = f"{region}{birth:%Y%m%d}{serial:03d}"
    return first17 + check_digit(first17)
