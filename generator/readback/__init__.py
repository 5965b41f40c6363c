"""Readers: a built Word, PDF or HTML file read back as a reader's software shows it, into the
model's text projection (model/text.py), for the final check, `utlatande text` and git diffs."""

#: How text that formatting hides from a reader is printed, so that it shows in a diff and never
#: passes for the approved text.
HIDDEN = "⟦hidden: {}⟧"
