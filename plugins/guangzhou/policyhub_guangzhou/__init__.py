"""Guangzhou for policyhub: the IP service industry action plan 2016–2018 (穗知〔2016〕85号)."""
