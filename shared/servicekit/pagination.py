"""Keyset pagination: opaque cursors, stable under inserts, one indexed query per page."""

from __future__ import annotations

import base64
from typing import Generic, TypeVar

import strawberry

from servicekit.errors import ValidationFailed

T = TypeVar("T")

MAX_PAGE_SIZE = 100


@strawberry.type(description="One page of results and the cursor of the next page.")
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None = strawberry.field(
        description="Pass as `after` to get the next page; null on the last page."
    )


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed("The cursor is not one this service issued.", field="after") from None


def check_page_size(first: int) -> int:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise ValidationFailed(f"`first` must be between 1 and {MAX_PAGE_SIZE}.", field="first")
    return first
