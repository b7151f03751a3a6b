"""policyhub."""
