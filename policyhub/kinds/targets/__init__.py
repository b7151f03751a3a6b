"""The targets scheme kind."""
