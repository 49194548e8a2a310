"""The fund\x27s services."""
