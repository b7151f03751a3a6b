"""`policyhub rules`: evaluate a JsonLogic rule, check a rule, run a JsonLogic test suite."""
from __future__ import annotations

import json

import click

from ..rules import RuleError, RuleEvaluationError, apply, parse_rule_text, run_suite, validate_rule


def _operators():
    from ..plugins import operators_from, plugin_manager

    return operators_from(plugin_manager())


def _parse(text: str, what: str):
    try:
        return parse_rule_text(text)
    except RuleError as e:
        for p in e.errors:
            click.echo(f"error: {what}: {p.message}", err=True)
        raise SystemExit(2) from None


@click.group()
def rules() -> None:
    """JsonLogic rules: evaluate, validate, run conformance suites."""


@rules.command("eval")
@click.argument("rule")
@click.argument("data", required=False, default="null")
def eval_cmd(rule: str, data: str) -> None:
    """Evaluate RULE (JSON) against DATA (JSON) and print the result as JSON."""
    ops = _operators()
    r = _parse(rule, "rule")
    try:
        d = json.loads(data)
    except json.JSONDecodeError as e:
        click.echo(f"error: data: {e}", err=True)
        raise SystemExit(2) from None
    problems = validate_rule(r, operators=ops)
    if problems:
        for p in problems:
            click.echo(f"error: rule{p.path}: {p.message}", err=True)
        raise SystemExit(2)
    try:
        click.echo(json.dumps(apply(r, d, operators=ops), ensure_ascii=False))
    except RuleEvaluationError as e:
        click.echo(f"error: {e}", err=True)
        raise SystemExit(2) from None


@rules.command("check")
@click.argument("rule")
@click.option("--fact", "facts", multiple=True, help="A known fact name (repeatable).")
def check_cmd(rule: str, facts: tuple[str, ...]) -> None:
    """Validate RULE: shape, operators, arity, facts (when given), depth and size."""
    r = _parse(rule, "rule")
    problems = validate_rule(r, facts=facts or None, operators=_operators())
    for p in problems:
        click.echo(f"{p.code}: rule{p.path}: {p.message}")
    click.echo("ok" if not problems else f"{len(problems)} problem(s)")
    raise SystemExit(1 if problems else 0)


@rules.command("check-suite")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-v", "--verbose", is_flag=True, help="Show every failure.")
def check_suite(files: tuple[str, ...], verbose: bool) -> None:
    """Run JsonLogic suites (official [rule, data, expected] or {description, rule, data, result|error})."""
    report = run_suite(list(files))
    shown = report.failures if verbose else report.failures[:20]
    for f in shown:
        click.echo(f"FAIL {f.description}: rule={json.dumps(f.rule, ensure_ascii=False)} "
                   f"data={json.dumps(f.data, ensure_ascii=False)} expected={f.expected!r} got={f.got!r}")
    if len(report.failures) > len(shown):
        click.echo(f"... {len(report.failures) - len(shown)} more (use -v)")
    click.echo(f"{report.passed} passed, {report.failed} failed")
    raise SystemExit(0 if report.failed == 0 else 1)


COMMANDS = [rules]
