"""User text parsed once, with positions: CommonMark into the model's blocks, and standard text
used inside a sentence ([[id]]). Checks and assemble both stand on it."""
