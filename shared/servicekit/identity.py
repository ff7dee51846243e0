"""Resident ID numbers (GB 11643-1999) and administrative region codes (GB/T 2260).

Validation comes from python-stdnum (`stdnum.cn.ric`): checksum (ISO 7064 MOD 11-2),
birth date and birthplace. Region codes come from the same library's GB/T 2260 table,
which keeps abolished codes too (an ID number issued in 1990 keeps its 1990 code).

The resident ID number is personal data: it is masked in every response unless the
caller may see it, and it never travels in URLs, logs, traces or cache keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from servicekit.errors import InvalidIdNumber, UnknownRegion

_REGION_CODE = re.compile(r"^\d{6}$")
_PERIOD = re.compile(r"^\[(\d{4})?-(\d{4})?\]")


class Sex(StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"


@dataclass(frozen=True, slots=True)
class ResidentId:
    """A validated resident ID number and what it encodes."""

    number: str
    birth_date: date
    sex: Sex
    region_code: str

    @property
    def masked(self) -> str:
        return mask_id_number(self.number)


def parse_id_number(raw: str, *, today: date | None = None) -> ResidentId:
    """Validate an 18-character resident ID number, or raise `InvalidIdNumber`.

    Checks, in order: format and length, birth date (a real date, not in the future),
    birthplace (a known GB/T 2260 code) and the check digit.
    """
    number = ric.compact(raw) if isinstance(raw, str) else ""
    field = "idNumber"
    try:
        if len(number) != 18:
            raise InvalidLength()
        ric.validate(number)
    except InvalidLength:
        raise InvalidIdNumber("A resident ID number has 18 characters.", field=field) from None
    except InvalidChecksum:
        raise InvalidIdNumber("The check digit of the resident ID number is wrong.", field=field) from None
    except InvalidComponent:
        # stdnum raises this for an impossible birth date and for an unknown birthplace.
        raise InvalidIdNumber(
            "The resident ID number has an impossible birth date or an unknown birthplace code.",
            field=field,
        ) from None
    except (InvalidFormat, ValidationError):
        raise InvalidIdNumber(
            "A resident ID number is 17 digits followed by a digit or X.", field=field
        ) from None
    birth = ric.get_birth_date(number)
    if birth > (today or date.today()):
        raise InvalidIdNumber("The birth date in the resident ID number is in the future.", field=field)
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    return ResidentId(number=number, birth_date=birth, sex=sex, region_code=number[:6])


def mask_id_number(number: str) -> str:
    """`350102199001011234` → `350102************`: the birthplace code only. The birth date
    is shown to readers of a person, so the serial and check digit are hidden too: no field a
    caller sees rebuilds the number (docs/security.md)."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 6)


def check_digit(first17: str) -> str:
    """The GB 11643 check digit for 17 digits (used by generators of synthetic data)."""
    return str(ric.calc_check_digit(first17 + "0"))


def _current_name(raw: str) -> str | None:
    """The name valid today from a stdnum entry like `[1983-1994]郊区,[1995-]晋安区`."""
    names = raw.split(",")
    for candidate in reversed(names):
        match = _PERIOD.match(candidate)
        if match is None:
            return candidate
        if match.group(2) is None:  # open-ended period: still in use
            return candidate[match.end() :]
    last = names[-1]
    match = _PERIOD.match(last)
    return last[match.end() :] if match else last


@lru_cache(maxsize=4096)
def region_name(code: str) -> str:
    """The full name of a GB/T 2260 region code (e.g. `福建省福州市鼓楼区`), or raise."""
    if not _REGION_CODE.match(code):
        raise UnknownRegion("A region code is six digits (GB/T 2260).", field="regionCode")
    parts = numdb.get("cn/loc").info(code)
    if len(parts) < 2 or not parts[1][1].get("county"):
        raise UnknownRegion(f"Unknown region code {code} (GB/T 2260).", field="regionCode")
    province = parts[0][1].get("province", "")
    county = _current_name(parts[1][1]["county"]) or ""
    if code.endswith("0000"):
        return province
    if code.endswith("00"):
        return province + county
    prefecture_parts = numdb.get("cn/loc").info(code[:4] + "00")
    prefecture = ""
    if len(prefecture_parts) >= 2 and prefecture_parts[1][1].get("county"):
        prefecture = _current_name(prefecture_parts[1][1]["county"]) or ""
        if prefecture in ("市辖区", "县", "省直辖县级行政区划"):
            prefecture = ""
    return province + prefecture + county


def validate_region_code(code: str) -> str:
    """Return the code when it is a known GB/T 2260 region, or raise `UnknownRegion`."""
    region_name(code)
    return code


def region_prefix(code: str) -> str:
    """The prefix that selects a region and everything inside it: 350100 → 3501, 350000 → 35."""
    validate_region_code(code)
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def fujian_counties() -> list[str]:
    """County-level codes of Fujian in use today, for synthetic demo data."""
    codes: list[str] = []
    for prefecture in range(1, 10):
        for county in range(1, 100):
            code = f"35{prefecture:02d}{county:02d}"
            try:
                parts = numdb.get("cn/loc").info(code)
            except Exception:
                continue
            if len(parts) < 2 or "county" not in parts[1][1]:
                continue
            raw = parts[1][1]["county"]
            name = _current_name(raw)
            if name and name != "市辖区" and not raw.rstrip().endswith("]"):
                last = raw.split(",")[-1]
                period = _PERIOD.match(last)
                if period is None or period.group(2) is None:
                    codes.append(code)
    return codes
