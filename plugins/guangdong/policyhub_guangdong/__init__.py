"""Guangdong Province for policyhub: IP public service coverage targets (粤市监知促〔2023〕624号)."""
