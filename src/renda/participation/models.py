"""Models of this module (built by its issue)."""
