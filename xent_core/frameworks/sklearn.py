"""sklearn entries (to be filled)."""
