"""The harvest job: discovery, the state store (frontier, raw pages, records, runs), the pipeline."""
