"""The command group and the options several commands share."""

from __future__ import annotations

import click

from hemakg import __version__
from hemakg.graph.store import STORE_ENV_VAR, StoreError, default_store_location, open_store

__all__ = ["cli", "store_option", "open_cli_store"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hemakg")
def cli() -> None:
    """HemaKG: a knowledge graph of hematology research from digests, interviews and correspondences."""


def store_option(func):
    return click.option(
        "--store",
        "store",
        default=None,
        metavar="DIR|URL",
        help=f"Store directory, 'memory', or a SPARQL server URL [default: ${STORE_ENV_VAR} or ./hemakg-store].",
    )(func)


def open_cli_store(location: str | None, *, create: bool = False, **remote_options):
    """Open a store for a command, turning failures into a one-line error and a non-zero exit."""
    try:
        return open_store(location or default_store_location(), create=create, **remote_options)
    except StoreError as error:
        raise click.ClickException(str(error)) from error
