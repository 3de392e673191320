"""sampled entries (to be filled)."""
