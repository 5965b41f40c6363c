"""Reading the sources: YAML with positions, the project's boundary, typed records."""
