"""Datasets for researchers: republication groups, WARC archives, re-parsing, the dataset report.

- `republication`: near-duplicate bodies grouped with MinHash/LSH (derived data, never stored);
- `archive`: the store's raw responses to and from WARC (warcio);
- `reparse`: records rebuilt from raw pages with the current parsers, with a per-field change report;
- `stats` / `report`: the statistics and the self-contained HTML report with matplotlib plots.
"""
