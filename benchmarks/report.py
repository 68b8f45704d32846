"""The benchmark's one table: what ran, on which machine and versions, and each figure beside its comparison."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass, field
from importlib import metadata

import psutil

__all__ = ["Row", "BenchmarkReport", "machine_line", "versions_line", "seconds", "stopped_or_seconds", "ratio"]

CAPPED = ">{cap:.0f} s (stopped)"


@dataclass(frozen=True)
class Row:
    measure: str
    hemakg: str
    compared_with: str
    ratio: str
    target: str


@dataclass
class BenchmarkReport:
    command: str
    corpus: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [
            "### HemaKG benchmark",
            "",
            f"* command: `{self.command}`",
            f"* machine: {machine_line()}",
            f"* versions: {versions_line()}",
            f"* corpus: {self.corpus}",
            "",
            "| measure | HemaKG | compared with | ratio | target |",
            "|---|---|---|---|---|",
        ]
        for row in self.rows:
            cells = (row.measure, row.hemakg, row.compared_with, row.ratio, row.target)
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        if self.notes:
            lines += ["", *[f"* {note}" for note in self.notes]]
        return "\n".join(lines) + "\n"


def machine_line() -> str:
    memory = psutil.virtual_memory().total / 2**30
    return f"{os.cpu_count()} CPUs, {memory:.1f} GiB memory, {platform.system()} {platform.machine()}"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions_line() -> str:
    python = ".".join(map(str, sys.version_info[:3]))
    packages = ("pyoxigraph", "rdflib", "networkx", "pyvis", "pyahocorasick", "playwright")
    return f"python {python}, " + ", ".join(f"{name} {_version(name)}" for name in packages)


def seconds(value: float) -> str:
    """Seconds with sensible precision.

    Examples
    --------
    >>> seconds(0.01234), seconds(1.5), seconds(250.0)
    ('0.012 s', '1.50 s', '250 s')
    """
    if value < 0.1:
        return f"{value:.3f} s"
    if value < 100:
        return f"{value:.2f} s"
    return f"{value:.0f} s"


def stopped_or_seconds(value: float | None, cap: float) -> str:
    return CAPPED.format(cap=cap) if value is None else seconds(value)


def ratio(slow: float | None, fast: float | None, cap: float | None = None) -> str:
    """How many times faster ``fast`` is than ``slow``; a stopped ``slow`` gives a lower bound from the cap.

    Examples
    --------
    >>> ratio(10.0, 0.5), ratio(None, 0.5, cap=120), ratio(1.0, None)
    ('20×', '>240×', 'n/a')
    """
    if fast is None or fast <= 0:
        return "n/a"
    if slow is None:
        return f">{cap / fast:.0f}×" if cap else "n/a"
    value = slow / fast
    return f"{value:.0f}×" if value >= 10 else f"{value:.2f}×"
