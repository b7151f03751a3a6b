"""Jinja templates of the printed score sheets (a package so the templates ship as package data)."""
