"""Approvals, fingerprints, the final read-back check, revisions and redlines."""
