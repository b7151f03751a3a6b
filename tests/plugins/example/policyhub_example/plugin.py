"""Hook implementations: policy files, one rule operator, one derived fact, one CLI command."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from policyhub.hookspecs import hookimpl


def years_since(date_text, as_of_text):
    """Whole years from a date to another (both ISO strings)."""
    start = dt.date.fromisoformat(date_text)
    end = dt.date.fromisoformat(as_of_text)
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


@hookimpl
def policyhub_policy_paths():
    return [Path(__file__).parent / "policies"]


@hookimpl
def policyhub_operators():
    return [{"name": "years_since", "func": years_since, "min_args": 2, "max_args": 2,
             "doc": "Whole years between two ISO dates."}]


def _today(facts, as_of):
    return (as_of or dt.date.today()).isoformat()


@hookimpl
def policyhub_fact_derivations():
    return [{"scheme": "example-seaside-startup", "fact": "today", "func": _today,
             "doc": "The evaluation date, for rules that count years."}]


@click.command("example-hello")
def hello():
    """Say which plugin answered."""
    click.echo("hello from policyhub-example")


@hookimpl
def policyhub_cli_commands():
    return [hello]
