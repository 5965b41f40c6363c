"""utlatande: turns YAML and Markdown into Swedish tjänsteutlåtanden (Word, PDF/A, text)."""
