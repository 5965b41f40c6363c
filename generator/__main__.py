"""Lets `python -m generator` run the same command-line program as `utlatande`."""

from generator.cli import main

main()
