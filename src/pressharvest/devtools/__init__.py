"""Developer tools: saving pages as fixtures, scaffolding a family, regenerating expected records."""
