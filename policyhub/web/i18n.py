"""The portal's own message catalog (policyhub/translations, domain `messages`).

The app merges every translation directory (the back office's and plugins' too) into one catalog, and a later
directory wins for a message id they share. The public pages read their own catalog through a separate
Flask-Babel Domain, so another component translating "Round" differently cannot change the portal.
"""
from __future__ import annotations

from pathlib import Path

from flask_babel import Domain

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
domain = Domain(translation_directories=[str(TRANSLATIONS)], domain="messages")
gettext = domain.gettext
ngettext = domain.ngettext
