"""`python -m build_factsheet` -> the command line."""

from .cli import main

main(prog_name="build-factsheet")
