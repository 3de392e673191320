"""legacy entries (to be filled)."""
