"""Optimistic locking in this module is renda.core.locking's one rule (kept as a name for existing imports)."""

from renda.core.locking import UNCHECKED, check_version

__all__ = ["UNCHECKED", "check_version"]
