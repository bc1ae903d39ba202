"""Subcommands of the `pressharvest` CLI, one module each (discovered by `pressharvest.cli`).

A module defines `register(subparsers)`; heavy imports (parsers, httpx, the store) go inside its
handler, so that `pressharvest parse` does not pay for importing the harvest machinery.
"""
