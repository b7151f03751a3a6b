"""The scoresheet scheme kind."""
