"""Scheme kinds: one package per kind (its policy model and its evaluation)."""
