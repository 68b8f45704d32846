"""Turn a file into a `Document`, or reject it with a one-line reason.

Documents come from many outlets and encodings; text that is not UTF-8 is decoded (charset detection), not rejected.
What is rejected is what cannot be a document: a missing path, an empty file, binary content, a file too large.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import BuildError
from .iri import document_iri, slugify
from .records import Document

__all__ = ["DOCUMENT_SUFFIXES", "MAX_DOCUMENT_BYTES", "read_document", "decode_text", "document_slug", "content_hash"]

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def _looks_single_byte(data: bytes) -> bool:
    """Western single-byte text (Latin-1/cp1252) has isolated high bytes between ASCII letters; CJK multi-byte
    encodings put them in pairs. Charset detection alone guesses Big5 for a short German sentence."""
    runs = [len(m.group(0)) for m in _HIGH_RUN.finditer(data[:65536])]
    return bool(runs) and sum(1 for n in runs if n == 1) >= 0.8 * len(runs)


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode bytes to text, returning ``(text, encoding)``; binary data raises `BuildError`."""
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BuildError(source, "binary file (NUL bytes), not a text document")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_single_byte(data):
        text = data.decode("cp1252", errors="replace")
        return text, "cp1252"
    best = from_bytes(data).best()
    if best is None:
        raise BuildError(source, "binary file (no text encoding fits), not a text document")
    text = str(best)
    controls = sum(1 for ch in text[:65536] if ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")
    if controls > max(8, len(text[:65536]) // 100):
        raise BuildError(source, "binary file (control characters), not a text document")
    return text, best.encoding


def document_slug(path: Path) -> str:
    """What names a document (and its graph): its file stem, so a changed document keeps its IRI."""
    return slugify(path.stem) or "document"


def content_hash(data: bytes) -> str:
    """The hash of the bytes on disk, which decides whether a stored document is unchanged."""
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """Read and decode one document file.

    Raises
    ------
    BuildError
        When the path is missing, not a file, empty, larger than ``max_bytes`` or binary.
    """
    source = str(path)
    if not path.exists():
        raise BuildError(source, "no such file or directory")
    if not path.is_file():
        raise BuildError(source, "not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise BuildError(source, "empty file")
    if size > max_bytes:
        raise BuildError(source, f"file too large to be a document ({size:,} bytes; the limit is {max_bytes:,})")
    data = path.read_bytes()
    text, encoding = decode_text(data, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BuildError(source, "empty file (only white space)")
    slug = document_slug(path)
    return Document(
        iri=document_iri(slug),
        slug=slug,
        source=source,
        text=text,
        content_hash=content_hash(data),
        encoding=encoding,
    )
