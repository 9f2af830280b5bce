"""`python -m graph` runs the hrgraph command line."""

from .cli import main

main(prog_name="hrgraph")
