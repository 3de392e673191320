"""torch entries (to be filled)."""
