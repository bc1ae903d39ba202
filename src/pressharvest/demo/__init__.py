"""The demo: the fixture pages served as real sites on loopback, harvested through `--mirror`."""
