"""Renderers: each turns a `generator.document.Document` into one output format."""
