"""The funding kind: the round's `funding`: amounts by tier and year, caps, payments."""
from __future__ import annotations

from ...hookspecs import hookimpl
from ...i18n import M_
from ..base import SectionKind
from . import evaluate
from .result import FundingState
from .model import Funding


class FundingKind(SectionKind):
    """See docs/kinds/funding.md."""

    name = "funding"
    section_type = FundingState
    section = "funding"
    status_words = {"active": M_("Funding continues"), "ended": M_("Funding ended"),
                    "completed": M_("Funding completed"), "paid": M_("Paid"), "planned": M_("Planned"),
                    "possible": M_("Possible")}
    model = Funding | None

    def check(self, ctx, section):
        return evaluate.check(ctx, section)

    def evaluate_section(self, ctx, section, facts, as_of):
        return evaluate.evaluate(ctx, section, facts, as_of)


KIND = FundingKind()


@hookimpl
def policyhub_scheme_kinds():
    return [KIND]
