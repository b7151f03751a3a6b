"""Flask-Babel for the app factory, with one translation cache per app.

Flask-Babel's default domain keeps its merged catalogs in one cache for the whole process, so the first app
that translates would fix the catalogs of every later app (tests with and without plugins, for one). The
factory uses `AppBabel`, whose default domain keeps that cache on the current app.
"""
from __future__ import annotations

from functools import cached_property

from flask import current_app
from flask_babel import Babel, Domain


class _PerAppDomain(Domain):
    """Flask-Babel's default domain with its translation cache kept on the current app."""

    def get_translations_cache(self, ctx):
        return current_app.extensions.setdefault("policyhub_translations_cache", {})


class AppBabel(Babel):
    """Flask-Babel whose default domain caches catalogs per app."""

    @cached_property
    def domain_instance(self):
        return _PerAppDomain(domain=self.domain)
