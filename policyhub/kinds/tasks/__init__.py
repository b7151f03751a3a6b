"""The tasks scheme kind."""
