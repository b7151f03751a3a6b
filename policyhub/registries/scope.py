"""Which jurisdictions' rows a query may touch. Every registry query takes one; there is no default."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import false


@dataclass(frozen=True)
class Scope:
    """A set of jurisdiction codes, or every jurisdiction (`codes` None: superusers, the command line)."""

    codes: frozenset[str] | None

    @classmethod
    def everything(cls) -> "Scope":
        return cls(None)

    @classmethod
    def of(cls, codes: Iterable[str] | None) -> "Scope":
        """The scope of `codes` (None: every jurisdiction)."""
        return cls(None if codes is None else frozenset(codes))

    def covers(self, code: str | None) -> bool:
        """May a row of jurisdiction `code` be touched?"""
        return self.codes is None or (code is not None and code in self.codes)

    def __and__(self, other: "Scope") -> "Scope":
        if self.codes is None:
            return other
        if other.codes is None:
            return self
        return Scope(self.codes & other.codes)

    def clause(self, column):
        """A WHERE clause limiting a jurisdiction-code column to the scope, or None for every jurisdiction."""
        if self.codes is None:
            return None
        if not self.codes:
            return false()
        return column.in_(sorted(self.codes))
