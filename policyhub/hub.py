"""The Hub: one PolicySet with its plugins, compiled evaluators and policy test cases — the Python API."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterable

import pluggy

from .definitions import Round
from .errors import FactsError
from .evaluation import Evaluator, Result, round_schema
from .context import context_for
from .folders import translation_folders_of
from .i18n import Message, add_directories
from .loader import load_folders
from .plugins import derivations_from, operators_from, plugin_manager
from .policyset import PolicySet
from . import screening

BUNDLED_POLICIES = Path(__file__).resolve().parent.parent / "policies"


def policy_folders(pm: pluggy.PluginManager, extra: Iterable[Path] = ()) -> list[Path]:
    """Policy folders of every plugin (its hook's, and `policies/` beside its module), then the site's own
    `policies/` folder, then any extra ones."""
    from .folders import policy_folders_of

    folders = policy_folders_of(pm)
    site = BUNDLED_POLICIES
    if site.is_dir():
        folders.append(site)
    return folders + [Path(p) for p in extra]


class Hub:
    """Evaluate facts against schemes; rounds compiled once per version and cached."""

    def __init__(self, policyset: PolicySet, pm: pluggy.PluginManager | None = None):
        self.pm = pm or plugin_manager(entry_points=False)
        self.policyset = policyset
        self.operators = operators_from(self.pm)
        self.derivations = derivations_from(self.pm)
        add_directories(translation_folders_of(self.pm))   # plugins' message codes render too
        self._evaluators: dict[tuple[str, str, int], Evaluator] = {}

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def from_folders(cls, folders: Iterable[Path], *, pm: pluggy.PluginManager | None = None) -> "Hub":
        """The policy files under `folders` alone (no installed plugin's policies unless listed); LoadError
        names every problem."""
        pm = pm or plugin_manager(entry_points=False)
        return cls(load_folders(folders, operators=operators_from(pm)), pm)

    @classmethod
    def from_plugins(cls, *, extra: Iterable[Path] = (), pm: pluggy.PluginManager | None = None) -> "Hub":
        """Every installed plugin's policies and the site's `policies/` folder, read from YAML."""
        pm = pm or plugin_manager()
        return cls.from_folders(policy_folders(pm, extra), pm=pm)

    # -- lookups ----------------------------------------------------------------------------------
    @property
    def registries(self):
        """The policy set's registries and their scoped queries (`policyhub.registries.Registries`)."""
        regs = getattr(self, "_registries", None)
        if regs is None or regs.ps is not self.policyset:
            from .registries import Registries

            regs = self._registries = Registries(self.policyset)
        return regs

    def round(self, scheme: str, round: str | None = None) -> Round:
        """A scheme's round by key, or its current one (the newest published); PolicyError when unknown."""
        return self.policyset.round(scheme, round)

    def evaluator(self, scheme: str, round: str | None = None) -> Evaluator:
        """The compiled evaluator of a round, built once per round version and cached."""
        rnd = self.round(scheme, round)
        key = (scheme, rnd.key, rnd.version)
        ev = self._evaluators.get(key)
        if ev is None or ev.ctx.round is not rnd:
            ev = Evaluator(context_for(self.policyset, rnd, operators=self.operators))
            self._evaluators[key] = ev
        return ev

    def schema(self, scheme: str, round: str | None = None, *, category: str | None = None) -> dict[str, Any]:
        """The facts a round reads, as JSON Schema (only those that matter for `category` when given)."""
        rnd = self.round(scheme, round)
        s = self.policyset.scheme(scheme)
        return round_schema(rnd, title=f"{s.title.zh} / {s.title.en} ({rnd.key})", category=category)

    # -- evaluation ---------------------------------------------------------------------------------
    def derive(self, scheme: str, facts: dict[str, Any], as_of: dt.date | None) -> dict[str, Any]:
        """Add the facts plugins derive from the given ones (a given fact always wins)."""
        specs = self.derivations.get(scheme)
        if not specs:
            return facts
        out = dict(facts)
        for spec in specs:
            if spec["fact"] not in out:
                value = spec["func"](facts, as_of)
                if value is not None:
                    out[spec["fact"]] = value
        return out

    def evaluate(self, scheme: str, facts: Any, *, round: str | None = None,
                 as_of: dt.date | None = None) -> Result:
        """Evaluate facts against a scheme's round: the named one, else the round in force on `as_of` (today by
        default; `PolicySet.round_in_force`, NoRoundInForce before the first). The result names its round."""
        if not isinstance(facts, dict):
            raise FactsError([{"path": "", "message": Message("facts.not_an_object")}])
        on = as_of or dt.date.today()
        if round is None:
            round = self.policyset.round_in_force(scheme, on).key
        ev = self.evaluator(scheme, round)
        return ev.evaluate(self.derive(scheme, facts, as_of), as_of=on)

    def screen(self, facts: dict[str, Any], *, as_of: dt.date | None = None,
               schemes: Iterable[str] | None = None) -> list:
        """Check one profile against many schemes (by default every scheme applicants are screened for), closest
        first: `policyhub.screening.screen`, a list of `Screened` (scheme, round, given facts, result or errors)."""
        return screening.screen(self, facts, schemes=schemes, as_of=as_of)
