"""The `hemakg` command: a thin click layer over the library. Each command lives in the module of its topic."""

from __future__ import annotations

from .options import cli

# Importing a command module registers its commands on `cli`.
from . import build as _build  # noqa: E402,F401
from . import inspect as _inspect  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401
from . import explore as _explore  # noqa: E402,F401

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="hemakg")

