"""The funding scheme kind."""
