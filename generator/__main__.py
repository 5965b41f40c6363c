"""`python -m generator`: the same as the `utlatande` command."""

from generator.entry import main

main()
