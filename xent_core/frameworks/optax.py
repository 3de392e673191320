"""optax entries (to be filled)."""
