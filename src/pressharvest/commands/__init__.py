"""Subcommands of the `pressharvest` CLI, one module each (discovered by `pressharvest.cli`)."""
