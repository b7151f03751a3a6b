"""An in-memory set of policy definitions: what the loader reads and the database stores."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .definitions import Cases, Document, Jurisdiction, Regions, Round, Scheme, WorkdaySchedule
from .errors import NoRoundInForce, PolicyError

IN_FORCE = ("published", "archived")   # round statuses that were in force for their effective period


@dataclass
class PolicySet:
    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    schemes: dict[str, Scheme] = field(default_factory=dict)
    rounds: dict[tuple[str, str], Round] = field(default_factory=dict)
    regions: dict[str, Regions] = field(default_factory=dict)
    cases: list[Cases] = field(default_factory=list)
    workdays: dict[int, WorkdaySchedule] = field(default_factory=dict)   # by year
    sources: dict[tuple[str, str], str] = field(default_factory=dict)

    def scheme(self, key: str) -> Scheme:
        try:
            return self.schemes[key]
        except KeyError:
            raise PolicyError(f"unknown scheme '{key}'; known: {', '.join(sorted(self.schemes)) or 'none'}") from None

    def rounds_of(self, scheme: str) -> list[Round]:
        """The scheme's rounds, oldest first."""
        return sorted((r for (s, _), r in self.rounds.items() if s == scheme),
                      key=lambda r: (str(r.effective or ""), r.key))

    def round(self, scheme: str, key: str | None = None) -> Round:
        """A named round, or the current one: the newest published (else the newest) round."""
        self.scheme(scheme)
        if key is not None:
            try:
                return self.rounds[(scheme, key)]
            except KeyError:
                known = ", ".join(r.key for r in self.rounds_of(scheme))
                raise PolicyError(f"scheme '{scheme}' has no round '{key}'; rounds: {known or 'none'}") from None
        # the newest by (effective date, key), as `rounds_of` orders them, in one pass (once per evaluation)
        newest = newest_published = None
        newest_key = published_key = None
        for (s, _), r in self.rounds.items():
            if s != scheme:
                continue
            k = (str(r.effective or ""), r.key)
            if newest is None or k >= newest_key:
                newest, newest_key = r, k
            if r.status == "published" and (newest_published is None or k >= published_key):
                newest_published, published_key = r, k
        if newest is None:
            raise PolicyError(f"scheme '{scheme}' has no rounds")
        return newest_published or newest

    def round_in_force(self, scheme: str, on: dt.date) -> Round:
        """The round in force on a date: of the published and archived rounds, the one that took effect last
        on or before `on` (a round without an effective date is in force from the start). A scheme with no
        published or archived round answers with its current round (a draft); a date before the first round
        in force is a PolicyError naming that round's effective date."""
        # in one pass (once per evaluation): the first in force, and the last started, as `rounds_of` orders them
        first = latest = first_key = latest_key = None
        for (s, _), r in self.rounds.items():
            if s != scheme or r.status not in IN_FORCE:
                continue
            k = (str(r.effective or ""), r.key)
            if first is None or k < first_key:
                first, first_key = r, k
            if (r.effective is None or r.effective <= on) and (latest is None or k > latest_key):
                latest, latest_key = r, k
        if first is None:
            return self.round(scheme)
        if latest is None:
            raise NoRoundInForce(scheme, on, first)
        return latest

    def chain(self, code: str) -> list[Jurisdiction]:
        """A jurisdiction and its ancestors, nearest first."""
        out, seen = [], set()
        while code is not None:
            if code in seen:
                raise PolicyError(f"jurisdiction parent cycle at '{code}'")
            seen.add(code)
            j = self.jurisdictions.get(code)
            if j is None:
                raise PolicyError(f"unknown jurisdiction '{code}'")
            out.append(j)
            code = j.parent
        return out

    def registries(self):
        """The registries the schemes declare, by key (`policyhub.registries.Registry`)."""
        from .registries.declarations import registries_of

        return registries_of(self)

    def jurisdiction_by_key(self, key: str) -> Jurisdiction:
        for j in self.jurisdictions.values():
            if j.key == key or j.code == key:
                return j
        raise PolicyError(f"unknown jurisdiction '{key}'")
