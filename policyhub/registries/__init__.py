"""Registries in the core: declared on schemes, collected from the policy set, queried by jurisdiction scope.

    regs = hub.registries                              # Registries of the hub's policy set
    scope = Scope.of(allowed_codes)                    # or Scope.everything() on the command line
    rows = regs.entries(session, "huangpu-platforms", scope)
    rnd = round_in_effect(hub.policyset, scheme, date)
    facts = entry_facts(row, rnd)
    results = evaluate_entries(hub, scheme, rows, as_of)
    answer = evaluate_list(hub, scheme, "progress", reports, as_of)   # one round on a list fact
"""
from .declarations import Registry, parents_of, registries_of, registry, registry_of_scheme, within
from .evaluate import EntryResult, ListEvaluation, evaluate_entries, evaluate_list, evaluate_records
from .facts import entry_facts
from .queries import Registries, WriteRefused
from .rounds import round_in_effect
from .scope import Scope

__all__ = ["EntryResult", "ListEvaluation", "Registries", "Registry", "Scope", "WriteRefused", "entry_facts",
           "evaluate_entries", "evaluate_list", "evaluate_records", "parents_of", "registries_of", "registry",
           "registry_of_scheme", "round_in_effect", "within"]
