"""The targets kind: the round's `targets`: counts and coverage ratios over a registry of dated records."""
from __future__ import annotations

from ...hookspecs import hookimpl
from ..base import SectionKind
from . import evaluate
from .result import TargetsState
from .model import Targets


class TargetsKind(SectionKind):
    """See docs/kinds/targets.md."""

    name = "targets"
    section_type = TargetsState
    section = "targets"
    model = Targets | None

    def check(self, ctx, section):
        return evaluate.check(ctx, section)

    def evaluate_section(self, ctx, section, facts, as_of):
        return evaluate.evaluate(ctx, section, facts, as_of)


KIND = TargetsKind()


@hookimpl
def policyhub_scheme_kinds():
    return [KIND]
