"""The checklist scheme kind."""
