"""The public directory of IP public service institutions (四、(七)): the published entries of the registry
`guangdong-institutions` as rows with names instead of codes, filtered and searched, and as a table to download.

Nothing here is a policy value: the kinds listed come from `data/directory.yaml`, the field, kind, level and
service labels from the round's `institutions` fact, city and county names from the divisions file. An entry
is listed only when its data says `public: true` (a draft is not) and its kind is one the directory lists.
Every read goes through the core's scoped registry queries; the public directory reads every jurisdiction the
registry holds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from policyhub.registries import Scope

from .homes import home_of
from .importer import FACT, REGISTRY, SCHEME

DATA = Path(__file__).resolve().parent / "data" / "directory.yaml"
COLUMNS = ("name", "kind", "level", "city", "county", "address", "phone", "services", "established")


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """`data/directory.yaml`: the kinds listed (with their clauses), the title and the directory's clause."""
    with DATA.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@dataclass(frozen=True)
class Listing:
    """One institution as the directory shows it (codes kept for filtering, labels resolved by `Directory`)."""

    id: int
    name: str
    kind: str
    level: str | None
    region: str
    city: str | None
    county: str | None
    address: str = ""
    phone: str = ""
    services: tuple[str, ...] = ()
    established: str = ""
    note: str = ""
    source: str = ""


@dataclass
class Directory:
    """What the directory needs from a policy set: labels, regions and the kinds it lists."""

    properties: Mapping[str, Any]
    regions: Mapping[str, Any]                  # code -> Region (name, level, parent)
    kinds: tuple[str, ...]
    jurisdictions: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, policyset) -> "Directory":
        rnd = policyset.round(SCHEME)
        props = (rnd.facts[FACT].items or {}).get("properties", {})
        regions = {r.code: r for r in policyset.regions[rnd.targets.regions].regions}
        kinds = tuple(k["kind"] for k in settings()["kinds"])
        return cls(props, regions, kinds, frozenset(policyset.jurisdictions))

    # -- labels ------------------------------------------------------------------------------------------
    def field_label(self, key: str) -> dict[str, str]:
        prop = self.properties.get(key) or {}
        return prop.get("x-label") or {"zh": prop.get("title") or key, "en": key}

    def enum_labels(self, key: str) -> dict[str, dict[str, str]]:
        prop = self.properties.get(key) or {}
        return dict((prop.get("items") or prop).get("x-enum-labels") or {})

    def services(self) -> list[str]:
        return list(((self.properties.get("services") or {}).get("items") or {}).get("enum") or [])

    def service_cite(self, key: str) -> str:
        items = (self.properties.get("services") or {}).get("items") or {}
        return str((items.get("x-enum-cites") or {}).get(key) or "")

    def region_name(self, code: str | None) -> dict[str, str] | None:
        region = self.regions.get(code or "")
        return {"zh": region.name.zh, "en": region.name.en} if region is not None else None

    def cities(self) -> list[str]:
        return [c for c, r in self.regions.items() if r.level == "prefecture"]

    def counties(self, city: str | None = None) -> list[str]:
        return [c for c, r in self.regions.items() if r.level == "county" and (city is None or r.parent == city)]

    # -- places ------------------------------------------------------------------------------------------
    def city_and_county(self, code: str) -> tuple[str | None, str | None]:
        region = self.regions.get(code)
        if region is None:
            return None, None
        if region.level == "county":
            return region.parent, code
        if region.level == "prefecture":
            return code, None
        return None, None

    def home(self, region: str, fallback: str) -> str:
        """The jurisdiction that keeps an entry for `region` (`homes.home_of`)."""
        return home_of(region, {c: r.parent for c, r in self.regions.items()}, self.jurisdictions, fallback)

    # -- rows --------------------------------------------------------------------------------------------
    def listing(self, entry) -> Listing | None:
        """The entry as a directory row, or None when it is a draft or of a kind the directory does not list."""
        data = entry.data or {}
        if data.get("public") is not True or data.get("kind") not in self.kinds:
            return None
        region = str(data.get("region") or "")
        city, county = self.city_and_county(region)
        return Listing(id=entry.id, name=str(data.get("name") or entry.name), kind=data["kind"],
                       level=data.get("level"), region=region, city=city, county=county,
                       address=str(data.get("address") or ""), phone=str(data.get("phone") or ""),
                       services=tuple(s for s in data.get("services") or [] if isinstance(s, str)),
                       established=str(data.get("established") or ""), note=str(data.get("note") or ""),
                       source=str(data.get("source") or ""))

    def listings(self, session, registries) -> list[Listing]:
        """Every published entry, by city, county, kind (in the directory's order) and name."""
        order = {k: i for i, k in enumerate(self.kinds)}
        region_order = {c: i for i, c in enumerate(self.regions)}
        rows = [r for e in registries.entries(session, REGISTRY, Scope.everything(), by="id")
                if (r := self.listing(e)) is not None]
        return sorted(rows, key=lambda r: (region_order.get(r.city or "", 10**6),
                                           region_order.get(r.county or "", -1), order[r.kind], r.name))

    def table(self, rows: Iterable[Listing], lang: str, sep: str = "; ") -> list[list[Any]]:
        """Header and rows in one language, for CSV and Excel (names, never codes); `sep` joins services."""
        kinds, levels, services = self.enum_labels("kind"), self.enum_labels("level"), self.enum_labels("services")
        header = [self._column_label(c, lang) for c in COLUMNS]
        out = [header]
        for r in rows:
            out.append([r.name, _side(kinds.get(r.kind), lang) or r.kind, _side(levels.get(r.level or ""), lang),
                        _side(self.region_name(r.city), lang), _side(self.region_name(r.county), lang), r.address,
                        r.phone, sep.join(_side(services.get(s), lang) or s for s in r.services), r.established])
        return out

    def _column_label(self, column: str, lang: str) -> str:
        if column in ("city", "county"):
            return _side(settings()["columns"][column], lang)
        return _side(self.field_label(column), lang)


def matches(row: Listing, *, q: str = "", city: str = "", county: str = "", kind: str = "", service: str = "",
            names: Mapping[str, Iterable[str]] | None = None) -> bool:
    """Does the row pass the filters? `q` is searched in the name, address and phone and in `names` (the
    row's kind, city, county and service labels in both languages), case-insensitively."""
    if city and row.city != city:
        return False
    if county and row.county != county:
        return False
    if kind and row.kind != kind:
        return False
    if service and service not in row.services:
        return False
    if q:
        hay = " ".join([row.name, row.address, row.phone, *((names or {}).get(str(row.id)) or [])]).lower()
        return all(word in hay for word in q.lower().split())
    return True


def _side(label: Mapping[str, str] | None, lang: str) -> str:
    if not label:
        return ""
    return str(label.get(lang) or label.get("zh") or label.get("en") or "")
