"""`python -m graph` runs the hrgraph command line."""

from .cli import run

run()
