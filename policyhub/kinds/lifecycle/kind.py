"""The lifecycle kind: the round's `lifecycle`: application windows, deadlines in working days, events, statuses."""
from __future__ import annotations

from ...definitions import dump
from ...hookspecs import hookimpl
from ..base import SectionKind
from . import evaluate
from .result import LifecycleState
from .model import Lifecycle


class LifecycleKind(SectionKind):
    """See docs/kinds/lifecycle.md."""

    name = "lifecycle"
    section_type = LifecycleState
    section = "lifecycle"
    model = Lifecycle | None

    def status_label(self, section, status):
        named = section.statuses.get(status) if section is not None else None
        return dump(named.label) if named is not None else None

    def check(self, ctx, section):
        return evaluate.check(ctx, section)

    def evaluate_section(self, ctx, section, facts, as_of):
        return evaluate.evaluate(ctx, section, facts, as_of)


KIND = LifecycleKind()


@hookimpl
def policyhub_scheme_kinds():
    return [KIND]
