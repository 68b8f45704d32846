"""Correspondence documents (first version: read as one study until the genre's own structure is parsed)."""

from __future__ import annotations

from .context import DocumentContext
from .records import BuildResult, Document
from .report import build_single_study

__all__ = ["build"]


def build(document: Document) -> BuildResult:
    return build_single_study(DocumentContext.create(document), "correspondence")
