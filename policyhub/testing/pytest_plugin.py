"""Collects `kind: cases` YAML files as pytest tests, with no wiring in the project using them."""
from __future__ import annotations

from pathlib import Path

import pytest

_HUBS: dict[tuple[Path, ...], object] = {}      # policy folders -> their hub, built once
_BROKEN: dict[tuple[Path, ...], str] = {}       # policy folders -> the cases file that reported their load error


def _policy_root(path: Path) -> Path:
    """The nearest folder named `policies` above a cases file (else the file's folder)."""
    for parent in path.parents:
        if parent.name == "policies":
            return parent
    return path.parent


def _folders_for(path: Path) -> tuple[Path, ...]:
    """The policy folders a cases file runs against: every installed plugin's when its folder is one of them (a
    plugin's checkout stands in for the installed copy of the same package), else its folder alone."""
    from ..hub import policy_folders
    from ..plugins import plugin_manager

    root = _policy_root(path).resolve()
    folders = [f.resolve() for f in policy_folders(plugin_manager())]
    same = [f for f in folders if (f.name, f.parent.name) == (root.name, root.parent.name)]
    if root in folders or same:
        return tuple(root if f in same else f for f in folders)
    return (root,)


def _hub_for(path: Path):
    from ..hub import Hub
    from ..plugins import plugin_manager

    folders = _folders_for(path)
    if folders not in _HUBS:
        _HUBS[folders] = Hub.from_folders(folders, pm=plugin_manager())
    return _HUBS[folders]


def pytest_collect_file(parent, file_path: Path):
    if file_path.suffix == ".yaml" and file_path.is_file():
        with file_path.open(encoding="utf-8") as fh:
            head = fh.read(400)
        if any(line.strip() == "kind: cases" for line in head.splitlines()):
            return CasesFile.from_parent(parent, path=file_path)
    return None


def _read_cases(path: Path):
    """The cases document, or LoadError with the same located problems `policyhub init` reports."""
    from ..definitions import Cases
    from ..errors import LoadError
    from ..loader import load_folders

    ps = load_folders([path], check=False)
    if len(ps.cases) != 1 or not isinstance(ps.cases[0], Cases):
        raise LoadError([(str(path), "kind", "expected one document of kind `cases`")])
    return ps.cases[0]


class CasesFile(pytest.File):
    """A `kind: cases` file: one test per case. A policy file that does not load is one collection error with
    the located problems (file:line:column: dotted.key: message), reported once per policy folder."""

    def collect(self):
        from ..errors import PolicyError

        key = _folders_for(self.path)
        if key in _BROKEN and _BROKEN[key] != str(self.path):
            return []                           # its folder's load error is reported once, by another file
        try:
            doc = _read_cases(self.path)
            _hub_for(self.path)
        except PolicyError as e:
            _BROKEN[key] = str(self.path)
            raise self.CollectError(f"policy files do not load:\n{e}") from None
        for case in doc.cases:
            yield CaseItem.from_parent(self, name=case.title("en"), cases=doc, case=case)


class CaseItem(pytest.Item):
    def __init__(self, *, cases, case, **kwargs):
        super().__init__(**kwargs)
        self.cases, self.case = cases, case

    def runtest(self):
        from .cases import run_case

        outcome = run_case(_hub_for(self.path), self.cases, self.case, str(self.path))
        if not outcome.passed:
            raise CaseFailure(outcome.failures)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, CaseFailure):
            return f"{self.cases.scheme} / {self.case.title('en')}:\n  " + "\n  ".join(excinfo.value.failures)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"policy case: {self.cases.scheme} / {self.case.title('en')}"


class CaseFailure(Exception):
    def __init__(self, failures: list[str]):
        super().__init__("\n".join(failures))
        self.failures = failures
