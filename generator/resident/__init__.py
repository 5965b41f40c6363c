"""The resident build server: one warm process per project that runs the everyday commands
(build, check, list, …) in a forked copy of itself, so that a command costs the work, not the
start-up of Python and its libraries. `contract` is what the server and its clients agree on,
`client` the side every `utlatande` runs, `server` and `warm` the resident side."""
