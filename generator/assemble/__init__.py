"""From records and templates to the one document model."""
