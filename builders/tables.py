"""Tables in article text: find them, read their header, split their rows into cells that keep offsets.

Three layouts are read: tab-separated lines (what PDF converters write), markdown pipe tables, and plain text
aligned with runs of spaces. A header may be spread over two lines (a spanning "Side effects" above "CRS (grade)",
"ICANS (grade)"). Columns are later identified by their header words (`column_role`), never by position.
Footnotes below the table (``* …; † …; ‡ …``) are split by their marks so each can be attached to the row whose
cells carry the mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markup import strip_markup

__all__ = ["Cell", "Row", "Table", "find_tables", "column_role", "cell_marks", "FOOTNOTE_MARKS"]

FOOTNOTE_MARKS = "*†‡§¶#"


@dataclass(frozen=True)
class Cell:
    """A table cell: its plain text and the span of its raw text in the document."""

    text: str
    start: int
    end: int

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    start: int
    end: int

    def cell(self, column: int) -> Cell:
        return self.cells[column] if column < len(self.cells) else Cell("", self.end, self.end)


@dataclass(frozen=True)
class Table:
    """A table: one label per column (header lines merged), its data rows, footnotes by mark, and its caption."""

    columns: tuple[str, ...]
    header: tuple[tuple[Cell, ...], ...]  # one or two header lines
    rows: tuple[Row, ...]
    footnotes: dict
    caption: tuple[str, int] | None
    start: int
    end: int

    def header_cells(self, column: int) -> list[Cell]:
        """The header cells that name ``column`` (both lines of a two-line header)."""
        return [line[column] for line in self.header if column < len(line) and not line[column].empty]


_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CAPTION = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?Table\s+(\d+|[IVX]+)\b[.:]?\s*(?:\*\*)?\s*(.*)$", re.IGNORECASE)
_FOOTNOTE_START = re.compile(r"(?:^|;\s+|\.\s+)(\\?\*|[†‡§¶]|\$\^?\{?\\(?:dagger|ddagger|S|P|ast)\}?\$)\s*(?=\S)")
_DATA_HINT = re.compile(r"\d|\bNR\b|\bNA\b|\bn/a\b|^[-–—]$", re.IGNORECASE)
_ROLE_WORDS = (
    ("trial", re.compile(r"\bNCT\b|\btrial\b|registr|identifier|\bclinicaltrials", re.I)),
    ("target", re.compile(r"\btargets?\b|\bantigens?\b", re.I)),
    ("source", re.compile(r"\bsource\b|\bdonor\b|\borigin\b", re.I)),
    ("dose", re.compile(r"\bdos(?:e|es|ing|age)\b", re.I)),
    ("patients", re.compile(r"\bpatients?\b|\bpts\b|\bsubjects\b|\benrolled\b|^\s*n\s*$|\bno\.\s*of\b|\bsample size\b", re.I)),
    ("toxicity", re.compile(r"\bCRS\b|\bICANS\b|\bneurotox|\bGVHD\b|\bHLH\b|\btoxicit|\bside effects?\b|\badverse\b|"
                            r"\bothers?\b|\bsafety\b|\bgrade\b", re.I)),
    ("outcome", re.compile(r"\b(?:MRD[- ]?negative\s+)?CRi?\b|\bORR\b|\bresponse|\bremission|\bOS\b|\bPFS\b|\bEFS\b|\bLFS\b|\bPR\b|\bMRD\b", re.I)),
    ("product", re.compile(r"\bproducts?\b|\bconstructs?\b|\bCAR\b|\bagents?\b|\btherapy\b|\bdrugs?\b|\btreatments?\b|"
                           r"\bregimens?\b|\bintervention\b|\barms?\b", re.I)),
    ("study", re.compile(r"\bstudy\b|\bauthors?\b|\breference\b|\bref\b|\binstitution\b|\bsponsor\b", re.I)),
    ("disease", re.compile(r"\bdisease\b|\bdiagnosis\b|\bindication\b", re.I)),
)


def column_role(label: str) -> str | None:
    """What a column holds, from its header words.

    Examples
    --------
    >>> [column_role(h) for h in ["Targets", "NCT number", "Dose (10e6/kg)", "Patients (n)", "CR (n)",
    ...                             "Side effects CRS (grade)", "Side effects Others", "Colour"]]
    ['target', 'trial', 'dose', 'patients', 'outcome', 'toxicity', 'toxicity', None]
    """
    plain = strip_markup(label)
    if re.search(r"\bside effects?\b|\badverse\b|\btoxicit", plain, re.I) and re.search(r"\(n\)|\(%\)", plain) is None:
        return "toxicity"
    for role, pattern in _ROLE_WORDS:
        if pattern.search(plain):
            return role
    return None


def cell_marks(text: str) -> tuple[str, ...]:
    """Footnote marks a cell carries (``NCT0123*``, ``NR‡``, ``<sup>†</sup>``).

    Examples
    --------
    >>> cell_marks("NCT04318678*"), cell_marks("$NR^{\\\\ddagger}$"), cell_marks("G 2, n=3")
    (('*',), ('‡',), ())
    """
    plain = strip_markup(text)
    return tuple(dict.fromkeys(ch for ch in plain if ch in FOOTNOTE_MARKS))


def _lines(text: str, start: int, end: int):
    position = start
    for line in text[start:end].split("\n"):
        yield position, line
        position += len(line) + 1


def _split_tabs(line: str, offset: int) -> list[Cell]:
    cells, position = [], 0
    for raw in line.split("\t"):
        lead = len(raw) - len(raw.lstrip())
        cells.append(Cell(strip_markup(raw), offset + position + lead, offset + position + len(raw.rstrip())))
        position += len(raw) + 1
    return cells


def _split_pipes(line: str, offset: int) -> list[Cell]:
    body = line.strip()
    lead = line.find(body)
    if body.startswith("|"):
        body, lead = body[1:], lead + 1
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells, position = [], 0
    for raw in re.split(r"(?<!\\)\|", body):
        inner = len(raw) - len(raw.lstrip())
        cells.append(Cell(strip_markup(raw), offset + lead + position + inner, offset + lead + position + len(raw.rstrip())))
        position += len(raw) + 1
    return cells


def _split_spaced(line: str, offset: int, starts: list[int]) -> list[Cell]:
    """Cells of a space-aligned line, assigned to the header column whose start is at or left of each chunk."""
    cells = [Cell("", offset + s, offset + s) for s in starts]
    for match in re.finditer(r"\S+(?: \S+)*", line):
        column = max([i for i, s in enumerate(starts) if s <= match.start() + 1] or [0])
        old = cells[column]
        text = f"{old.text} {strip_markup(match.group(0))}".strip()
        start = old.start if old.text else offset + match.start()
        cells[column] = Cell(text, start, offset + match.end())
    return cells


def _is_header_continuation(cells: list[Cell], header: list[Cell]) -> bool:
    """A second header line: no data in it, and its words sit under empty or spanning cells of the first."""
    filled = [c for c in cells if not c.empty]
    if not filled or any(_DATA_HINT.search(re.sub(r"\([^)]*\)", "", c.text)) for c in filled):
        return False
    return any(column_role(c.text) for c in filled) and (cells[0].empty or len(filled) < len(header))


def _merge_header(first: list[Cell], second: list[Cell]) -> list[str]:
    width = max(len(first), len(second))
    labels, group = [], ""
    for i in range(width):
        top = first[i].text if i < len(first) else ""
        bottom = second[i].text if i < len(second) else ""
        if top and bottom:
            group = top
            labels.append(f"{top} {bottom}")
        elif top:
            group = ""
            labels.append(top)
        else:
            labels.append(f"{group} {bottom}".strip())
    return labels


def _blocks(text: str, start: int, end: int):
    """Runs of consecutive lines that look like table lines: ``(kind, [(offset, line), …])``."""
    block, kind = [], None
    for offset, line in _lines(text, start, end):
        this = "tab" if line.count("\t") >= 2 else "pipe" if line.strip().startswith("|") and line.count("|") >= 3 else None
        if this is not None and (kind in (None, this)):
            block.append((offset, line))
            kind = this
            continue
        if block and len(block) >= 2:
            yield kind, block
        block, kind = ([(offset, line)], this) if this else ([], None)
    if block and len(block) >= 2:
        yield kind, block


def _spaced_blocks(text: str, start: int, end: int):
    """Plain-text tables: three or more consecutive lines with at least three columns separated by 2+ spaces."""
    block = []
    for offset, line in _lines(text, start, end):
        if "\t" not in line and "|" not in line and len(re.findall(r"\S(?:\s{2,})\S", line.strip())) >= 2:
            block.append((offset, line))
            continue
        if len(block) >= 3:
            yield "spaced", block
        block = []
    if len(block) >= 3:
        yield "spaced", block


def _footnotes_and_caption(text: str, end: int, limit: int = 2500):
    """Mark-led footnotes and a "Table n" caption among the lines just below the table."""
    footnotes: dict[str, Cell] = {}
    caption = None
    for offset, line in _lines(text, end, min(len(text), end + limit)):
        stripped = line.strip()
        if not stripped:
            continue
        if caption is None and (match := _CAPTION.match(stripped)):
            caption = (strip_markup(match.group(0)).strip("# "), offset)
            continue
        starts = list(_FOOTNOTE_START.finditer(line))
        if starts and starts[0].start() == 0:
            for index, match in enumerate(starts):
                stop = starts[index + 1].start() if index + 1 < len(starts) else len(line)
                mark = strip_markup(match.group(1))
                body = line[match.end():stop].strip(" ;")
                footnotes.setdefault(mark, Cell(strip_markup(body), offset + match.end(), offset + stop))
            continue
        if len(stripped) > 200 or line.count("\t") >= 2:
            break
    return footnotes, caption


def _caption_above(text: str, start: int):
    before = text[max(0, start - 600):start].rstrip("\n").split("\n")
    for line in reversed(before[-4:]):
        if match := _CAPTION.match(line.strip()):
            return (strip_markup(match.group(0)).strip("# "), start - len("\n".join(before[before.index(line):])) - 1)
    return None


def find_tables(text: str, start: int = 0, end: int | None = None) -> list[Table]:
    """Every table between ``start`` and ``end``, in document order.

    Examples
    --------
    >>> doc = "| Target | Patients (n) | CR (n) |\\n|---|---|---|\\n| CD19 | 10 | 6 |\\n|  | 4 | 1 |\\n* Children only\\n"
    >>> table = find_tables(doc)[0]
    >>> table.columns, [[c.text for c in r.cells] for r in table.rows]
    (('Target', 'Patients (n)', 'CR (n)'), [['CD19', '10', '6'], ['', '4', '1']])
    >>> table.footnotes["*"].text
    'Children only'
    """
    end = len(text) if end is None else end
    tables = []
    blocks = list(_blocks(text, start, end))
    covered = [(b[0][0], b[-1][0]) for _, b in blocks]
    blocks += [(k, b) for k, b in _spaced_blocks(text, start, end) if not any(s <= b[0][0] <= e for s, e in covered)]
    for kind, block in sorted(blocks, key=lambda kb: kb[1][0][0]):
        if kind == "spaced":
            first_offset, first_line = block[0]
            starts = [m.start() for m in re.finditer(r"(?:(?<=\s{2})|^)\S", first_line)]
            split = lambda line, offset: _split_spaced(line, offset, starts)  # noqa: E731
        else:
            split = _split_tabs if kind == "tab" else _split_pipes
        lines = [(o, l) for o, l in block if not _PIPE_RULE.match(l)]
        header = split(lines[0][1], lines[0][0])
        body = lines[1:]
        columns = [c.text for c in header]
        header_lines = [tuple(header)]
        if body and _is_header_continuation(split(body[0][1], body[0][0]), header):
            second = split(body[0][1], body[0][0])
            columns = _merge_header(header, second)
            header_lines.append(tuple(second))
            body = body[1:]
        rows = []
        for offset, line in body:
            cells = split(line, offset)
            if all(c.empty for c in cells):
                continue
            rows.append(Row(tuple(cells), offset, offset + len(line)))
        if not rows or sum(1 for c in columns if c) < 2:
            continue
        table_end = block[-1][0] + len(block[-1][1])
        footnotes, caption = _footnotes_and_caption(text, table_end)
        tables.append(Table(tuple(columns), tuple(header_lines), tuple(rows), footnotes,
                            caption or _caption_above(text, block[0][0]), block[0][0], table_end))
    return tables
