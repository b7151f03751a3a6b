"""Hunan Province for policyhub: the park sub-centre requirements and funding schedule as data."""
