"""Renderers: each turns the document model (`generator.model.document.Document`) into one output format."""
