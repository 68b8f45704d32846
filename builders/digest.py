"""Conference digests: an intro, labelled study blocks, and often a closing expert profile.

The structure is read from field labels only, never from particular documents: a block carries a number
("Publication Number: 253", "Abstract #253", "Abstract No. 253", "### Abstract 253"), a title, a first author
("Presenter:", "Lead investigator:") and their affiliation, a session, a presentation type, conclusions and a
commentary ("Commentary by Professor X"). Fields may share a line ("Title: … First Author: … Type: …") or stand on
lines of their own, in any order, with or without markdown. A new block begins when the field that opened the first
block comes again, or when a field repeats. A block without a title field is titled by the heading printed above it
("## 1. Title", "1) Title"; `block_titles`).

Each block becomes an `hk:Study` presented at the conference edition the intro names, linked to what its own
title, conclusions and commentary say (`relations.link_study`), never to the text of another block. The intro's
"team led by Professor X of Institution" or "curated by Dr. X, Division of Y, Z Hospital" gives an expert and
affiliation; the profile is read by `profile`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import SKOS

from hemakg.ontology import HK

from .authorship import declare_byline
from .block_titles import closing_heading, heading_before, presentation_type
from .bylines import CORRESPONDENCE, marked_affiliations, parse_byline, unmarked_affiliations
from .context import DocumentContext
from .errors import BuildError
from .front_matter import FrontMatter, is_page_furniture, join_wrapped
from .institutions import declare_institution, find_institutions, split_affiliation
from .iri import study_iri
from .outcomes import extract_outcomes
from .people import DEGREE, DEGREES, HONORIFIC, parse_person_name
from .person_resolver import PersonResolver
from .presenters import block_presenters, block_voices, institution_beside
from .profile import find_profile, read_expert_profile
from .records import BuildResult, Document, Sentence
from .registries import find_conferences, find_trials
from .relations import link_study
from .report import document_title
from .study_fields import FIELD_LABELS as _LABELS, FIELD_LEAD

__all__ = ["build", "Field", "StudyBlock", "DigestLayout", "read_layout"]

# Fields that hold one line (a number, a name, a type); the prose after them still belongs to the study.
_LINE_FIELDS = ("number", "first_author", "authors", "senior_author", "corresponding", "type", "affiliation", "session",
                "board", "byline")
_NEEDS_NO_COLON = {"number", "conclusions", "commentary"}
_FIELD = re.compile(
    r"(?P<lead>^" + FIELD_LEAD + r"|(?<=[ \t]))"
    r"(?:\*\*|__)?(?P<label>" + "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items()) + r")"
    r"(?:\*\*|__)?[ \t]*(?P<colon>[:：])?(?:[ \t]*(?:\*\*|__))?[ \t]*",
    re.IGNORECASE | re.MULTILINE,
)
_NUMBER = re.compile(r"#?[ \t]*(?:No\.?[ \t]*)?([A-Z]{0,3}-?\d{1,6}[A-Za-z]?)\b")
# The rest of a number line that goes on with its session or registry number ("S192 · Myeloma session · NCT…"),
# not with a title.
_SESSION_REST = re.compile(r"^[\s`*_]*(?:[·•|]|$)")
_MARKUP = re.compile(r"^[\s*_#>\-:：]+|[\s*_#]+$")
_QUOTED = re.compile(r"[\"“”„«]\s*(.{10,}?)\s*[\"“”»]")  # a title printed in quotation marks
_SENTENCE_STARTERS = {"this", "the", "these", "in", "a", "an", "we", "our", "it", "its", "such", "their", "here",
                      "although", "as", "with", "for", "given", "overall", "notably", "importantly", "by", "from",
                      "i", "these", "that", "both", "phase", "compared"}
_TITLED_WITH_PLACE = re.compile(
    r"(?P<name>(?:Professors?|Prof\.?|Dr\.?|Academician)\s+[A-Z][\w\-’']+(?:\s+[A-Z][\w\-’']+){0,2})"
    r"\s*(?:,\s*)?(?:of|from|at)\s+(?=(?:the\s+)?[A-Z])",
)
# "Curated by Dr. X, Division of Y, Z Hospital", "Scientific review: Dr X, Consultant Haematologist, Department …":
# the name, then comma-separated capitalised parts up to the end of the line or sentence.
_TITLED_WITH_LIST = re.compile(
    r"(?P<name>(?:Professors?|Prof\.?|Dr\.?)\s+[A-Z][\w\-’']+"
    r"(?:\s+(?:(?:van|von|de|der|den|da|di|du|del|dos|le|la|ten|ter)\s+)*[A-Z][\w\-’']+){0,2})"
    rf"(?:,\s*{DEGREES})*,\s+(?P<list>[A-Z][^\n]*?)[*_]*(?:\.(?:\s|$)|\n|$)",
)
_LEAD_CUE = re.compile(r"\b(?:led by|headed by|team of|group of|laboratory of|lab of)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """One labelled field: its kind, where its label starts, and its value's span."""

    kind: str
    start: int
    value_start: int
    value_end: int
    value: str


@dataclass
class StudyBlock:
    """A study's fields, in the order the document gives them."""

    fields: dict[str, Field] = field(default_factory=dict)
    limit: int | None = None  # where the next block (or the profile) begins
    byline: FrontMatter | None = None  # the authors printed under the title without a label, and their affiliations

    @property
    def start(self) -> int:
        return min(f.start for f in self.fields.values())

    @property
    def end(self) -> int:
        return self.limit if self.limit is not None else max(f.value_end for f in self.fields.values())

    def value(self, kind: str) -> str | None:
        return self.fields[kind].value if kind in self.fields else None


@dataclass(frozen=True)
class DigestLayout:
    """Where the intro, the study blocks and the expert profile lie in the text."""

    intro: tuple[int, int]
    blocks: tuple[StudyBlock, ...]
    profile: tuple[int, int] | None


def _clean(value: str) -> str:
    return " ".join(_MARKUP.sub("", value).split())


def _labels(text: str, end: int) -> list[tuple[str, re.Match]]:
    found = []
    for match in _FIELD.finditer(text, 0, end):
        kind = match.lastgroup if match.lastgroup in _LABELS else next(k for k in _LABELS if match.group(k))
        at_line_start = match.group("lead") != "" or match.start() == 0 or text[match.start() - 1] == "\n"
        label = match.group("label")
        labelled_number = kind == "number" and re.search(r"#|No\.?|Number", label) is not None
        if not at_line_start and (not (match.group("colon") or labelled_number) or not label[0].isupper()
                                  or kind not in ("title", "first_author", "type", "number")):
            continue
        if not match.group("colon") and kind not in _NEEDS_NO_COLON:
            continue
        if kind == "number" and not _NUMBER.match(text, match.end()):
            continue
        if not match.group("colon") and kind == "conclusions":
            following = text[match.end():match.end() + 1]
            if following and not (following.isupper() or following == "\n"):
                continue
        found.append((kind, match))
    return found


def _wrapped(text: str, end: int, stop: int, value: str) -> tuple[str, int]:
    """A title continued on the lines right below it (no blank line between), up to ``stop`` (the next field)."""
    while text[end:end + 1] == "\n" and not value.endswith((".", "?", "!")) and len(value) <= 300:
        line_end = text.find("\n", end + 1)
        line_end = stop if line_end < 0 or line_end > stop else line_end
        line = text[end + 1:line_end]
        if not line.strip():
            break
        value, end = join_wrapped(value, _clean(line)), line_end
    return value, end


def _untitled(text: str, block: StudyBlock) -> None:
    """A block without a "Title:" field is titled by the rest of its number line ("Abstract 253: Title") or by the
    line right after it, or after the "Session:" and "Type:" lines that follow the number; page headers are passed
    over."""
    number = block.fields["number"]
    begin = number.value_end
    for line_field in sorted((f for k, f in block.fields.items() if k in _LINE_FIELDS), key=lambda f: f.start):
        if line_field.start >= begin and not text[begin:line_field.start].strip():
            begin = line_field.value_end  # "Session: …" and "Type: …" lines under the number: the title comes after
    later = [f.start for f in block.fields.values() if f.start >= begin] + [block.end]
    stop = min(later)
    for match in re.finditer(r"[^\n]+", text[begin:stop]):
        line = match.group(0)
        if match.start() == 0 and begin == number.value_end and _SESSION_REST.match(line):
            continue  # "Abstract #S131 | Oral session: …": the number line goes on with its session, not a title
        if is_page_furniture(line):
            continue
        value = _clean(re.sub(r"^\s*[:：.|\-–—\]]+", "", line))
        if quoted := _QUOTED.fullmatch(value):
            value = quoted.group(1)
        if value and len(value) < 400:
            start = begin + match.start()
            value, end = _wrapped(text, start + len(line), stop, value)
            block.fields["title"] = Field("title", start, start, end, value)
        return


def _unlabelled_byline(text: str, block: StudyBlock) -> None:
    """The authors printed on the lines right under a block's title with no label ("Lee AB¹, Park C²"), and the
    numbered affiliations below them ("¹Department …, X Hospital; ²Y University"), as abstract books print them."""
    title = block.fields.get("title")
    if title is None or "first_author" in block.fields or "authors" in block.fields:
        return
    lines = [(start, line) for start, line in _lines_between(text, title.value_end, block.end)]
    first = next((i for i, (_, line) in enumerate(lines) if line.strip()), None)
    if first is None or first > 2:
        return
    byline_start, byline = lines[first]
    authors = parse_byline(byline.strip(), byline_start + len(byline) - len(byline.lstrip()))
    if not authors:
        return
    end = byline_start + len(byline)
    affiliations = []
    for start, line in lines[first + 1:first + 6]:
        if marked := marked_affiliations(line, start):
            affiliations.extend(marked)
        elif not (line.strip() and CORRESPONDENCE.match(line)):
            break
        end = start + len(line)
    if not affiliations and not any(m.isalnum() for a in authors for m in a.markers):
        affiliations = unmarked_affiliations(lines[first + 1:first + 4])
        end = max([end] + [a.start + len(a.text) for a in affiliations])
    block.byline = FrontMatter(None, None, None, tuple(authors), tuple(affiliations), (), None, None, byline_start)
    block.fields["byline"] = Field("byline", byline_start, byline_start, end, byline.strip())


def _lines_between(text: str, start: int, end: int):
    """(offset, line) for each line that starts after ``start`` and before ``end``."""
    position = text.find("\n", start) + 1 if "\n" in text[start:end] else end
    while 0 < position < end:
        line_end = text.find("\n", position)
        line_end = end if line_end < 0 or line_end > end else line_end
        yield position, text[position:line_end]
        position = line_end + 1


def read_layout(text: str) -> DigestLayout:
    """Split a digest into intro, study blocks and profile, from its field labels alone.

    Examples
    --------
    >>> layout = read_layout("Intro.\\nAbstract #12\\nTitle: A\\nFirst Author: B\\nAbstract #13\\nTitle: C\\n")
    >>> [(b.value("number"), b.value("title")) for b in layout.blocks]
    [('12', 'A'), ('13', 'C')]
    >>> [b.value("title") for b in read_layout("## Abstract 7: A trial\\nType: Poster\\n## Abstract 8\\n**B trial**\\n").blocks]
    ['A trial', 'B trial']
    """
    profile = find_profile(text)
    end = profile[0] if profile else len(text)
    labels = _labels(text, end)
    blocks: list[StudyBlock] = []
    opener = labels[0][0] if labels else None
    for index, (kind, match) in enumerate(labels):
        value_end = labels[index + 1][1].start() if index + 1 < len(labels) else end
        raw = text[match.end():value_end]
        if kind in _LINE_FIELDS:
            line_end = text.find("\n", match.end())
            if line_end >= 0 and text.count("(", match.end(), line_end) > text.count(")", match.end(), line_end):
                line_end = text.find("\n", line_end + 1)  # "Name (Children's Research⏎Hospital, City)": wrapped
            value_end = min(value_end, line_end if line_end >= 0 else end)
            raw = text[match.end():value_end]
        if kind == "number":
            number = _NUMBER.match(text, match.end())
            value_start, value = match.end(), number.group(1)
            value_end = max(number.end(), value_end if not raw[number.end() - match.end():].strip() else number.end())
        else:
            value_start, value = match.end(), _clean(raw)
        item = Field(kind, match.start(), value_start, value_end, value)
        if not blocks or kind == opener and blocks[-1].fields or kind in blocks[-1].fields:
            blocks.append(StudyBlock())
        blocks[-1].fields[kind] = item
    field_lines = frozenset(match.start() for _, match in labels)
    headed = [_headed(text, block, field_lines, floor)
              for block, floor in zip(blocks, [0] + [max(b.fields[k].start for k in b.fields) for b in blocks])]
    blocks = [b for b in blocks if "title" in b.fields or "number" in b.fields]
    for block, following in zip(blocks, blocks[1:] + [None]):
        block.limit = following.start if following is not None else end
        if "title" not in block.fields:
            _untitled(text, block)
        _unlabelled_byline(text, block)
    if blocks and any(headed):
        last = blocks[-1]
        closing = closing_heading(text, max(f.value_start for f in last.fields.values()), end, field_lines)
        last.limit = closing if closing is not None else last.limit
    intro_end = blocks[0].start if blocks else end
    return DigestLayout((0, intro_end), tuple(blocks), profile)


def _headed(text: str, block: StudyBlock, field_lines: frozenset[int], floor: int) -> bool:
    """Give a block without a "Title:" field the heading printed above it ("## 1. Title", "1) Title"), unless its
    number line goes on with a title of its own; a bracketed rest of that line ("(poster)") is its type.

    Returns whether the block took its title from a heading."""
    if "title" in block.fields:
        return False
    number = block.fields.get("number")
    if number is not None:
        line_end = text.find("\n", number.value_end)
        rest = text[number.value_end:line_end if line_end >= 0 else len(text)]
        kind = presentation_type(rest)
        if kind is None and _clean(rest) and not _SESSION_REST.match(rest):
            return False
        below = re.match(r"\n[ \t]*\n?[ \t]*([^\n]*)", text[line_end:]) if line_end >= 0 else None
        if below and _QUOTED.fullmatch(below.group(1).strip()):
            return False  # the abstract's own title, quoted under its number line, outranks an editor's heading
        if kind is not None and "type" not in block.fields:
            block.fields["type"] = Field("type", number.value_end, number.value_end, number.value_end + len(rest), kind)
    heading = heading_before(text, block.start, floor, field_lines)
    if heading is None:
        return False
    line_start, title_start, title = heading
    block.fields["title"] = Field("title", line_start, title_start, title_start + len(title), title)
    return True


def _commentator_name(value: str, people: PersonResolver) -> str | None:
    """The name after "Commentary by": a known person if the text starts with one, else the capitalised words."""
    text = re.sub(r"^\s*(?:by|from)\s+|^\s*\(", "", value)
    text = HONORIFIC.sub("", text)
    tokens = re.findall(r"[^\s:()]+", text[:80])
    for size in (3, 2):
        candidate = " ".join(tokens[:size])
        if len(tokens) >= size and people.find(candidate) is not None:
            return candidate
    name = []
    for token in tokens:
        bare = token.strip(",.:;")
        if not bare[:1].isupper() or bare.lower() in _SENTENCE_STARTERS or len(name) == 3:
            break
        name.append(bare)
        if token != bare:
            break
    if not name or len(name) == 1 and people.find(name[0]) is None:
        return None
    return " ".join(name)


def _intro_experts(context: DocumentContext, people: PersonResolver, start: int, end: int) -> list[tuple[URIRef, int, bool]]:
    """Experts the intro names with their institution ("the team led by Professor X of Y Hospital").

    Returns ``(expert, offset, leads)``, ``leads`` telling whether the text makes them the lead of the studies'
    team ("led by", "team of", "group of").
    """
    text = context.document.text
    found = []
    for match in _TITLED_WITH_PLACE.finditer(text, start, end):
        sentence = context.sentence_at(match.start())
        institutions = find_institutions(context, match.end(), sentence.end)
        institution = institutions[0][0] if institutions and institutions[0][1] - match.end() < 5 else None
        parsed = parse_person_name(match.group("name"))
        if parsed is None:
            continue
        leads = bool(_LEAD_CUE.search(text, max(sentence.start, match.start() - 30), match.start()))
        found.append((people.person(parsed, context.evidence(sentence), institution), match.start(), leads))
    for match in _TITLED_WITH_LIST.finditer(text, start, end):
        parts = [part.strip() for part in match.group("list").split(",")]
        places = split_affiliation(match.group("list"))
        parsed = parse_person_name(match.group("name"))
        if parsed is None or not places or any(not part[:1].isupper() for part in parts) \
                or any(at == match.start() for _, at, _ in found):
            continue
        sentence = context.sentence_at(match.start())
        institution = declare_institution(context, places, context.evidence(sentence))
        leads = bool(_LEAD_CUE.search(text, max(sentence.start, match.start() - 30), match.start()))
        found.append((people.person(parsed, context.evidence(sentence), institution), match.start(), leads))
    return found


def _first_author(context: DocumentContext, people: PersonResolver, block_field: Field,
                  affiliation: Field | None = None) -> URIRef | None:
    """The first author (presenter, lead investigator), with the institution written after the name or, failing that,
    in the block's "Affiliation:" field."""
    name = re.sub(r"\s+et\s+al\b.*$", "", re.split(r"[,;(]|\s{2,}", block_field.value)[0]).strip()
    parsed = parse_person_name(name)
    if parsed is None:
        context.report.unresolved_names.append(name)
        return None
    evidence = context.evidence_at(block_field.value_start)
    rest = block_field.value_start + len(context.document.text[block_field.value_start:block_field.value_end].split(",")[0])
    institutions = find_institutions(context, rest, block_field.value_end) if rest < block_field.value_end else []
    bracketed = re.search(r"\(([^()]+)\)", block_field.value)
    if not institutions and bracketed and "\n" in context.document.text[block_field.value_start:block_field.value_end]:
        parts = split_affiliation(bracketed.group(1))  # "(Children's Research⏎Hospital, City)", wrapped
        if parts:
            institutions = [(declare_institution(context, parts, evidence), block_field.value_start)]
    if not institutions and affiliation is not None:
        parts = split_affiliation(context.document.text[affiliation.value_start:affiliation.value_end])
        if parts:
            place = declare_institution(context, parts, context.evidence_at(affiliation.value_start))
            institutions = [(place, affiliation.value_start)]
    return people.person(parsed, evidence, institutions[0][0] if institutions else None)


def _study(context: DocumentContext, people: PersonResolver, block: StudyBlock, index: int,
           default_commentator: URIRef | None = None) -> URIRef:
    document = context.document
    number, title = block.value("number"), block.value("title")
    study = study_iri(document.slug, number or title or str(index))
    title_field = block.fields.get("title") or block.fields["number"]
    evidence = context.evidence_at(title_field.value_start)
    label = title or f"Abstract {number}"
    context.emitter.entity(study, HK.Study, label, evidence)
    context.emitter.emit(study, HK["title"], label, evidence)
    context.emitter.emit(document.iri, HK.describes, study, evidence)
    if number:
        number_evidence = context.evidence_at(block.fields["number"].value_start)
        context.emitter.emit(study, HK.publicationNumber, number, number_evidence)
        written = context.document.text[block.fields["number"].start:block.fields["number"].value_start]
        kind = "Abstract" if "abstract" in written.lower() else "Publication Number"
        context.emitter.emit(study, SKOS.altLabel, f"{kind} {number}", number_evidence)
    if block.value("type"):
        context.emitter.emit(study, HK.studyType, block.value("type"), context.evidence_at(block.fields["type"].value_start))
    if "authors" in block.fields:
        authors = block.fields["authors"]
        for index, name in enumerate(re.split(r",\s*|;\s*|\s+and\s+", authors.value)):
            parsed = parse_person_name(name)
            if parsed is None:
                continue
            author = people.person(parsed, context.evidence_at(authors.value_start))
            context.emitter.emit(study, HK.author, author, context.evidence_at(authors.value_start))
            if index == 0 and "first_author" not in block.fields:
                context.emitter.emit(study, HK.firstAuthor, author, context.evidence_at(authors.value_start))
    if "first_author" in block.fields:
        author = _first_author(context, people, block.fields["first_author"], block.fields.get("affiliation"))
        if author is not None:
            context.emitter.emit(study, HK.firstAuthor, author, context.evidence_at(block.fields["first_author"].value_start))
    text_start = max(f.value_end for f in block.fields.values())  # the block's prose, after its fields
    if block.byline is not None:
        declare_byline(context, study, block.byline, people)
    elif "first_author" not in block.fields and "authors" not in block.fields:
        for index, person in enumerate(block_presenters(context, people, text_start, block.end)):
            evidence = context.evidence_at(text_start)
            context.emitter.emit(study, HK.firstAuthor if index == 0 else HK.author, person, evidence)
    authors = set(context.emitter.objects(study, HK.author)) | set(context.emitter.objects(study, HK.firstAuthor))
    for person in block_voices(context, people, text_start, block.end):
        if person not in authors:  # quoted or chairing: an expert the digest names, not an author
            context.emitter.emit(document.iri, HK.mentions, person, context.evidence_at(text_start))
    # "Co-corresponding authors: Lu Jianhua; Sun Rui (Department of …)", "Senior author: Keiko Aramaki, MD"
    for kind, predicates in (("corresponding", (HK.correspondingAuthor, HK.author)), ("senior_author", (HK.author,))):
        if kind not in block.fields:
            continue
        named = block.fields[kind]
        evidence = context.evidence_at(named.value_start)
        for name in re.split(r"[,;]\s*|\s+and\s+|\s*&\s*", re.sub(r"\([^)]*\)", "", named.value)):
            parsed = parse_person_name(name.strip()) if name.strip() and not DEGREE.match(name.strip()) else None
            if parsed is not None:
                person = people.person(parsed, evidence)
                for predicate in predicates:
                    context.emitter.emit(study, predicate, person, evidence)
    if "commentary" in block.fields:
        commentary = block.fields["commentary"]
        name = _commentator_name(commentary.value, people)
        place = None
        if name:  # "Commentary by Dr. X, Director of the Y Program, Z Hospital:"
            named_at = context.document.text.find(name.split()[-1], commentary.value_start)
            line_end = context.document.text.find("\n", commentary.value_start)
            place = institution_beside(context, named_at + len(name.split()[-1]),
                                       line_end if line_end >= 0 else commentary.value_end,
                                       context.evidence_at(commentary.start)) if named_at >= 0 else None
        expert = people.person(name, context.evidence_at(commentary.start), place) if name else default_commentator
        if expert is not None:  # an unnamed "Expert Commentary" is the digest's one expert's
            context.emitter.emit(study, HK.commentator, expert, context.evidence_at(commentary.start))
    return study


def _own_sentences(context: DocumentContext, block: StudyBlock) -> list[Sentence]:
    """The block's title, methods, results, conclusions and commentary (and any unlabelled text).

    Left out: the number, author and type lines, and the background, which speaks of other work.
    """
    skipped = [(f.start, f.value_end) for k, f in block.fields.items() if k in _LINE_FIELDS or k == "background"]
    kept = [(f.start, f.value_end) for k, f in block.fields.items() if k not in _LINE_FIELDS and k != "background"]
    chosen = []
    for sentence in context.sentences_between(block.start, block.end):
        inside_kept = any(start < sentence.end and sentence.start < end for start, end in kept)
        inside_skipped = any(start <= sentence.start and sentence.end <= end for start, end in skipped)
        if inside_kept or not inside_skipped:
            chosen.append(sentence)
    return chosen


def build(document: Document) -> BuildResult:
    """Build a conference digest: one study per labelled block.

    Raises
    ------
    BuildError
        When no study block can be found.
    """
    context = DocumentContext.create(document)
    layout = read_layout(document.text)
    if not layout.blocks:
        raise BuildError(document.source, "digest without study blocks (no Title/Publication Number fields)")
    people = PersonResolver(context)
    heading = document_title(context)
    first = heading if heading is not None and heading.start < layout.intro[1] else context.sentences[0]
    title = first.text.strip("#* ")
    context.emitter.entity(document.iri, HK.Document, title if len(title) <= 150 else title[:150].rsplit(" ", 1)[0],
                           context.evidence(first))
    experts = _intro_experts(context, people, *layout.intro)
    leads = [(expert, offset) for expert, offset, leads in experts if leads]
    profiled = read_expert_profile(context, layout.profile[0], layout.profile[1], people) if layout.profile else None
    named = {expert for expert, _, _ in experts} | ({profiled} if profiled is not None else set())
    sole_expert = next(iter(named)) if len(named) == 1 else None
    conferences = find_conferences(context, *layout.intro) or find_conferences(context)
    for index, block in enumerate(layout.blocks):
        study = _study(context, people, block, index, sole_expert)
        for conference, offset in conferences[:1]:
            context.emitter.emit(study, HK.presentedAt, conference, context.evidence_at(offset))
        for lead, offset in leads[:1]:
            context.emitter.emit(study, HK.author, lead, context.evidence_at(offset))
        sentences = _own_sentences(context, block)
        link_study(context, study, sentences)
        extract_outcomes(context, study, sentences)
        for trial, offset in find_trials(context, block.start, block.end):
            context.emitter.emit(study, HK.reportsTrial, trial, context.evidence_at(offset))
    if profiled is not None and any("commentary" in b.fields for b in layout.blocks):
        context.emitter.emit(document.iri, HK.commentator, profiled, context.evidence_at(layout.profile[0]))
    return context.finish("digest")
