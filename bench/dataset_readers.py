"""Load a Parquet/CSV export with polars, DuckDB and Hugging Face `datasets` (not test dependencies).

pyarrow, pandas and the csv module are checked by the test suite (tests/datasets/test_export.py).
These three readers are checked by hand with this script, because installing them adds ~150 MB of
wheels to every CI run. In any virtualenv (it needs only the readers, not pressharvest):

    pip install polars duckdb datasets
    pressharvest export --format parquet --out output/records.parquet
    pressharvest export --format csv --out output/records.csv
    python bench/dataset_readers.py output/records.parquet output/records.csv
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    parquet, csv = (Path(arg) for arg in sys.argv[1:3])
    quotes = csv.with_name(f"{csv.stem}.quotes.csv")

    import polars as pl

    frame = pl.read_parquet(parquet)
    print(f"polars {pl.__version__}: {frame.shape[0]} rows; published_at {frame.schema['published_at']}; "
          f"quotes {frame.schema['quotes']}")
    print(f"  quotes: {frame.select(pl.col('quotes').list.len().sum()).item()}; "
          f"csv {pl.read_csv(csv).shape[0]} rows, quotes.csv {pl.read_csv(quotes).shape[0]} rows")

    import duckdb

    con = duckdb.connect()
    [(rows, first, kind)] = con.sql(
        f"select count(*), min(published_at), any_value(typeof(published_at)) from '{parquet}'"
    ).fetchall()
    top = con.sql(f"select q.speaker, count(*) n from (select unnest(quotes) q from '{parquet}') "
                  "where q.speaker is not null group by 1 order by n desc limit 3").fetchall()
    [(grouped,)] = con.sql(f"select count(*) from '{parquet}' where republication is not null").fetchall()
    print(f"duckdb {duckdb.__version__}: {rows} rows, first {first} ({kind}); top speakers {top}; "
          f"in a republication group {grouped}")

    import datasets

    dataset = datasets.load_dataset("parquet", data_files=str(parquet), split="train")
    print(f"datasets {datasets.__version__}: {dataset.num_rows} rows; published_at {dataset.features['published_at']}; "
          f"republication {dataset.features['republication']}")
    from_csv = datasets.load_dataset("csv", data_files=str(csv), split="train")
    print(f"  csv: {from_csv.num_rows} rows")


if __name__ == "__main__":
    main()
