"""Pydantic models of every policy file kind (see docs/format.md)."""
from .catalog import Document, Jurisdiction, Region, Regions, Scheme
from .cases import Case, Cases, Expect
from .common import Cite, Fact, Label, Num, Parameter, ParamRef, dump
from .round import Category, Round
from .workdays import CalendarDay, Notice, WorkdaySchedule

KINDS = {
    "jurisdiction": Jurisdiction,
    "document": Document,
    "scheme": Scheme,
    "round": Round,
    "regions": Regions,
    "cases": Cases,
    "workdays": WorkdaySchedule,
}

__all__ = [
    "KINDS", "CalendarDay", "Case", "Cases", "Category", "Cite", "Document", "Expect", "Fact", "Jurisdiction", "Label",
    "Notice", "Num", "ParamRef", "Parameter", "Region", "Regions", "Round", "Scheme", "WorkdaySchedule", "dump",
]
