"""The work behind the commands: the session, building, checking."""
