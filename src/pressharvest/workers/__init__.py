"""Running harvest slices: in-process on any store (`embedded`), or as procrastinate jobs on a
PostgreSQL store shared by many worker processes (`queue`). Both run `harvest.slice.crawl_slice`."""
