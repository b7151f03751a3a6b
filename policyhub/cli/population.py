"""`policyhub population`, defined with the population package."""
from ..population.cli import COMMANDS

__all__ = ["COMMANDS"]
