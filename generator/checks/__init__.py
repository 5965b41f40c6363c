"""Rules across files: references, dates, diary numbers, the library's warnings."""
