"""The lifecycle scheme kind."""
