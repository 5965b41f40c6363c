"""Renderers: each turns a `generator.assemble.document.Document` into one output format."""
