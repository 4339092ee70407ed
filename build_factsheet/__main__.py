"""`python -m build_factsheet` -> the command line."""

from build_factsheet.cli import main

main(prog_name="build-factsheet")
