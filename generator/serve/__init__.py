"""`utlatande serve`: the project's documents in the browser, reloaded as their sources are saved."""
