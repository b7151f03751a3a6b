"""`python -m policyhub` runs the command line."""
from .cli import main

main()
