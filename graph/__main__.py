"""`python -m graph` runs the hrgraph command line."""

from graph.cli import run

run()
