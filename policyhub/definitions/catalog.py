"""Jurisdictions, documents, schemes and region lists."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from .common import Fact, Label, Parameter, Strict


class Jurisdiction(Strict):
    kind: Literal["jurisdiction"] = "jurisdiction"
    code: str
    key: str
    name: Label
    level: str
    parent: str | None = None
    parameters: dict[str, Parameter] = {}


class Document(Strict):
    kind: Literal["document"] = "document"
    number: str
    jurisdiction: str
    issuer: Label
    date: dt.date
    title: Label
    url: str | None = None


class RegistryDecl(Strict):
    """The registry officials keep for a scheme (platforms, sub-centres, institutions, tasks); `writers`: the
    jurisdictions whose rows it holds, each with those below it (default: the scheme's jurisdiction); `fields`:
    what an entry records besides the round's facts (its typed form in the back office shows both)."""

    key: str
    label: Label
    writers: list[str] = []
    fields: dict[str, Fact] = {}


class Scheme(Strict):
    kind: Literal["scheme"] = "scheme"
    key: str
    jurisdiction: str
    document: str
    title: Label
    summary: Label | None = None
    audience: list[Literal["enterprise", "agency", "social_group", "park", "official"]] = []
    registry: RegistryDecl | None = None


class Region(Strict):
    code: str
    name: Label
    level: str
    parent: str | None = None


class LevelNames(Strict):
    """How a region level is counted in sentences: "1 more county-level division", "还需覆盖3个县（市、区）"."""

    one: Label
    many: Label


class Regions(Strict):
    kind: Literal["regions"] = "regions"
    key: str
    source: Label
    levels: dict[str, LevelNames] = {}
    regions: list[Region]
