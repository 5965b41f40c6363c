"""`python -m generator`: the same as the `utlatande` command."""

from generator.entry import main

# Guarded: worker processes (build -j) import the main module and must not run the command.
if __name__ == "__main__":
    main()
