"""`policyhub test`: run every policy test case."""
from __future__ import annotations

import click

from ..errors import PolicyError
from .common import fail
from .hubsource import from_files_option, hub_from


@click.command("test")
@click.option("--scheme", help="Only this scheme's cases.")
@click.option("-v", "--verbose", is_flag=True)
@from_files_option
def test_cmd(scheme: str | None, verbose: bool, from_files: bool) -> None:
    """Run every policy test case; the last line is `N passed, N failed`."""
    from ..testing.cases import run_all

    with hub_from(from_files) as hub:
        try:
            if scheme is not None:
                hub.policyset.scheme(scheme)            # an unknown scheme is an error, not "0 passed"
            outcomes = [o for o in run_all(hub) if scheme is None or o.scheme == scheme]
        except PolicyError as e:
            fail(e)
    passed = sum(o.passed for o in outcomes)
    for o in outcomes:
        if not o.passed or verbose:
            click.echo(f"{'PASS' if o.passed else 'FAIL'} {o.scheme} / {o.name}")
            for f in o.failures:
                click.echo(f"    {f}")
    click.echo(f"{passed} passed, {len(outcomes) - passed} failed")
    raise SystemExit(0 if passed == len(outcomes) else 1)


COMMANDS = [test_cmd]
