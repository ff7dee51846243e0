"""Synthetic resident ID numbers for tests (valid check digits, real region codes)."""

from __future__ import annotations

from devstack.ids import id_number_for, make_id_number, serial_for

__all__ = ["id_number_for", "make_id_number", "serial_for"]
