"""One module per CMS template family; each defines `FAMILY`."""
