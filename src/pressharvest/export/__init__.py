"""Exports from the store: JSONL (and other formats), written atomically."""
