"""Interviews: an outlet's questions, an expert's answers, an editor's introduction and an expert profile.

The genre is read from its structure, never from particular outlets or sentences:

* **turns** (`builders.turns`): lines that open with a speaker label ("Q:", "A:", "Professor X:", "**Outlet:**",
  a label alone on its line); the interviewer is the speaker who asks, the others are the experts.
* **introduction**: the text before the first turn ("Editor's note", "In this interview, Dr. X of Y discusses …").
  It usually names the expert with their institution ("Professor X from Y Hospital") and the study they presented.
* **profile**: an "Expert Profile" / "About the expert" block (`builders.profile`), read first, so that the expert's
  IRI carries the institution that identifies them across documents.

What is emitted: the document's ``hk:interviewee`` (with the sentence that introduces them), their roles and
affiliations, and each study the expert reports as an ``hk:Study`` with the expert as ``hk:author``, the conference
edition it was ``hk:presentedAt``, its publication number, and the relations its own sentences state. How a study is
told apart from the rest of the conversation (an editor's "her group's trial of X", an answer's "we enrolled …", a
question about "your study", answers that carry on with its results) is `builders.spoken_studies` and
`builders.study_lines`; everything else the conversation names (background, outlook, general questions) stays a
document mention. When several experts speak, each reports their own study, and the introduction's sentences about
one expert are not another's.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property

from rdflib import URIRef
from rdflib.namespace import SKOS

from hemakg.ontology import HK

from .context import DocumentContext
from .bylines import RAISED_MARKS, Affiliation, marked_affiliations, split_markers
from .front_matter import is_front_label
from .institutions import declare_institution, find_institutions, institution_after, split_affiliation
from .iri import study_iri
from .outcomes import extract_outcomes
from .people import DEGREE, DEGREED, SPOKEN_WITH, TITLED, PersonName, find_titled_names, parse_person_name
from .person_resolver import PersonResolver
from .profile import find_profile, find_unheaded_profile, profile_end, read_expert_profile
from .records import BuildResult, Document, Sentence
from .references import declare_references, find_reference_section, read_references
from .registries import find_conferences, find_trials
from .relations import link_study
from .spoken_studies import (
    ANOTHER, ASKS_ABOUT_OWN_STUDY, CLAIMED, LEADS, NAMED_STUDY, NAMED_TRIAL, OWN_STUDY, PRESENTED, PRODUCT_CODE,
    PUBLICATION_NUMBER, SPOKEN_BACKGROUND, SPOKEN_OUTLOOK, STUDY_SHOWED, STUDY_TRIGGER, WE_REPORT, SpokenStudy,
    StudyTrigger, intro_owners, study_label, trial_name,
)
from .study_lines import overlapping, owned_lines
from .turns import SPEAKER_LABEL, Turn, is_heading, prose_lines, read_turns

__all__ = ["build", "STUDY_TRIGGER", "PUBLICATION_NUMBER"]

# Degrees, then the raised markers of a name's affiliations: "MD PhD FRCPath¹,²".
_RAISED_AFTER = re.compile(rf"(?P<degrees>(?:[\s,]+[A-Z][A-Za-z.]*)*?)[\s,]*(?P<marks>[{RAISED_MARKS}][{RAISED_MARKS},*]*)")
_TITLE_FIELD = re.compile(r"^[ \t>*\-•]*(?:\*\*|__)?(?:Study |Full |Abstract )?Title(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?"
                          r"[ \t]*(?P<title>\S[^\n]{10,400})$", re.IGNORECASE | re.MULTILINE)
_QUOTED_TITLE = re.compile(
    r"\b(?:abstract|poster|presentation|paper|talk|study|trial)\b[^\"“.;?]{0,30}?(?:\b(?:was|is|called|titled|entitled)\b"
    r"[ \t\n]*|,[ \t\n]*)[\"“](?P<title>[^\"”]{20,300})[\"”]", re.IGNORECASE)
def _naming(name: str) -> re.Pattern:
    """A trial's name as a whole word in any case ("X-1", not "X-12"), to find it in titles."""
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)


_PRESENTED_AT = re.compile(r"\bpresent\w*\b[^.;]{0,100}?\b(?:at|during)\s+(?:the\s+)?(?:\d{4}\s+)?$")


class _InterviewReader:
    def __init__(self, document: Document):
        self.context = DocumentContext.create(document)
        self.text = document.text
        self.people = PersonResolver(self.context)
        profile = find_profile(self.text)
        self.body_end = len(self.text)
        self.turns = read_turns(self.text)
        if profile is None and self.turns:  # a profile without a heading, after the last answer
            profile = find_unheaded_profile(self.text, self.text.find("\n", self.turns[-1].start) + 1 or len(self.text))
        if profile is not None:
            later = [t for t in self.turns if t.label_start > profile[0]]
            if later:  # the profile comes first: it ends where the conversation (or its introduction) begins
                profile = (profile[0], profile_end(self.text, profile[0], later[0].label_start))
                self.turns = [t for t in self.turns if not profile[0] <= t.label_start < profile[1]]
            else:
                self.body_end = profile[0]
                self.turns = read_turns(self.text, self.body_end)
        # A reference list after the conversation ends the last answer; its entries are studies the document cites.
        section = find_reference_section(self.text)
        if section is not None and self.turns and self.turns[0].label_start < section[0] < self.body_end:
            self.body_end = section[0]
            self.turns = [t for t in self.turns if t.label_start < section[0]]
            self.turns[-1] = replace(self.turns[-1], end=min(self.turns[-1].end, section[0]))
        self.references = read_references(self.text) if section is not None else []
        self.cited_studies: dict[int, URIRef] = {}  # reference number → study
        titled = [(name, parsed) for name, _ in find_titled_names(self.text, 0, self.body_end)
                  if (parsed := parse_person_name(name)) is not None and parsed.given]
        self.turns = [self._named_turn(turn, titled) for turn in self.turns]
        self.profile_span = profile
        self.intro_end = self.turns[0].label_start if self.turns else self.body_end
        self.intro_start = profile[1] if profile and profile[1] <= self.intro_end else 0
        self.experts: list[URIRef] = []
        self._named_at: list[tuple[int, str]] = []  # where each named trial is introduced

    # --- people -----------------------------------------------------------------------------------------------
    @staticmethod
    def _named_turn(turn: Turn, titled: list[tuple[str, PersonName]]) -> Turn:
        """An expert's turn labelled by surname or initials ("WIERZBICKI:", "TW:") takes the full name the text
        gives that person ("my guest is Professor Tomasz Wierzbicki"); ``titled`` holds the titled names with a given
        name, in text order."""
        if turn.role != "expert" or parse_person_name(turn.label) is not None:
            return turn
        label = re.sub(r"[^\w]", "", turn.label).lower()
        for name, parsed in titled:
            initials = (parsed.given[0] + parsed.family[0]).lower()
            if label in (re.sub(r"[^\w]", "", parsed.family).lower(), initials):
                return replace(turn, label=name)
        return turn

    def _expert_labels(self) -> list[Turn]:
        return [t for t in self.turns if t.role == "expert" and parse_person_name(t.label)]

    def _introduced(self) -> list[tuple[str, PersonName, Sentence, URIRef | None, list[URIRef]]]:
        """People the introduction names, with the institution written after the name (and the further ones their
        raised markers point to); each is registered so that the first institution becomes part of their IRI."""
        context, text = self.context, self.text
        found = []
        names = find_titled_names(text, self.intro_start, self.intro_end)
        names += [(m.group(1), m.start(1)) for m in SPOKEN_WITH.finditer(text, self.intro_start, self.intro_end)
                  if not any(m.start(1) <= at + len(n) and at <= m.end(1) for n, at in names)]
        for name, at in sorted(names, key=lambda n: n[1]):
            parsed = parse_person_name(text[at:text.index(name, at) + len(name)])
            if parsed is None:
                continue
            sentence = context.sentence_at(at)
            name_end = text.index(name, at) + len(name)
            institution = institution_after(context, name_end, sentence.end, context.evidence(sentence))
            marked = self._marked_places(name_end) if institution is None else []
            institution = marked[0] if marked else institution
            if institution is None and parsed.given:
                institution = self._placed_later(parsed, name_end)
            if institution is None and not TITLED.match(text, at) and not DEGREED.match(text, at):
                continue  # an untitled name counts only with its institution beside it
            self.people.know(parsed, institution)
            found.append((name, parsed, sentence, institution, marked[1:]))
        return found

    def _placed_later(self, parsed: PersonName, after: int) -> URIRef | None:
        """The institution written after the surname further on ("Nwosu, now director of the X programme at the Y
        Institute"), as a story names its expert in full once and places them later."""
        surname = re.compile(rf"(?<![\w-]){re.escape(parsed.family)}(?![\w-])")
        for match in surname.finditer(self.text, after, self.intro_end):
            sentence = self.context.sentence_at(match.start())
            place = institution_after(self.context, match.end(), sentence.end, self.context.evidence(sentence))
            if place is not None:
                return place
        return None

    @cached_property
    def _intro_affiliations(self) -> dict[str, Affiliation]:
        """The introduction's numbered affiliation lines, by marker ("¹Department of …; ²Z University")."""
        affiliations: dict[str, Affiliation] = {}
        position = self.intro_start
        for line in self.text[self.intro_start:self.intro_end].split("\n"):
            for affiliation in marked_affiliations(line, position):
                affiliations.setdefault(affiliation.marker, affiliation)
            position += len(line) + 1
        return affiliations

    def _marked_places(self, name_end: int) -> list[URIRef]:
        """The institutions a name's raised markers point to ("Professor X MD PhD¹,²" above the lines "¹Department
        of …, Y Hospital; ²Z University"), as a PDF's first page prints an interviewee."""
        match = _RAISED_AFTER.match(self.text, name_end)
        if match is None or not all(DEGREE.match(w) for w in match.group("degrees").replace(",", " ").split()):
            return []
        affiliations = self._intro_affiliations
        places = []
        for marker in split_markers(match.group("marks")):
            if marker in affiliations and (parts := split_affiliation(affiliations[marker].text)):
                evidence = self.context.evidence_at(affiliations[marker].start)
                places.append(declare_institution(self.context, parts, evidence))
        return places

    def read_people(self) -> None:
        context, text = self.context, self.text
        for turn in self._expert_labels():
            self.people.know(turn.label)
        introduced = self._introduced()
        for name, _ in find_titled_names(text, self.intro_start, self.body_end):
            self.people.know(name)
        profiled = None
        if self.profile_span:
            profiled = read_expert_profile(context, *self.profile_span, self.people)
        speaking = [self.people.person(t.label, context.evidence_at(t.label_start)) for t in self._expert_labels()]
        known_experts = set(speaking) | ({profiled} if profiled is not None else set())
        for name, parsed, sentence, institution, more_places in introduced:
            if not parsed.given and self.people.find(parsed) is None and institution is None:
                context.report.unresolved_names.append(name)
                continue
            person = self.people.person(parsed, context.evidence(sentence), institution)
            for place in more_places:
                self.people.affiliate(person, place, context.evidence(sentence))
            if person in known_experts or not known_experts and not self.experts:
                self._add_expert(person, context.evidence(sentence))
            else:
                context.emitter.emit(context.document.iri, HK.mentions, person, context.evidence(sentence))
        for turn, person in zip(self._expert_labels(), speaking):
            self._add_expert(person, context.evidence_at(turn.label_start))
        if profiled is not None and (not self.experts or profiled in self.experts or not speaking):
            self._add_expert(profiled, context.evidence_at(self.profile_span[0] + 1))
        # Other people the conversation names ("Dr. X's group showed …") are mentioned, not interviewed.
        for name, at in find_titled_names(text, self.intro_end, self.body_end):
            parsed = parse_person_name(text[at:text.index(name, at) + len(name)])
            if parsed is None or self._in_profile(at):
                continue
            sentence = context.sentence_at(at)
            place = institution_after(context, text.index(name, at) + len(name), sentence.end, context.evidence(sentence))
            if (known := self.people.find(parsed)) in self.experts:
                if place is not None:  # the host introduces the guest: "my guest is Professor X, who leads … at Y"
                    self.people.affiliate(known, place, context.evidence(sentence))
                continue
            if not parsed.given and known is None:
                context.report.unresolved_names.append(name)
                continue
            person = self.people.person(parsed, context.evidence_at(at), place)
            if person not in self.experts:
                context.emitter.emit(context.document.iri, HK.mentions, person, context.evidence_at(at))
        self._mention_institutions()

    def _mention_institutions(self) -> None:
        """Institutions the introduction and the conversation name (a collaborating centre, a society)."""
        spans = [(self.intro_start, self.intro_end)] + [(t.start, t.end) for t in self.turns]
        for start, end in spans:
            for institution, at in find_institutions(self.context, start, end):
                self.context.emitter.emit(self.context.document.iri, HK.mentions, institution,
                                          self.context.evidence_at(at))

    def _add_expert(self, person: URIRef, evidence) -> None:
        self.context.emitter.emit(self.context.document.iri, HK.interviewee, person, evidence)
        if person not in self.experts:
            self.experts.append(person)

    # --- studies ----------------------------------------------------------------------------------------------
    def _speaker_at(self, offset: int) -> URIRef | None:
        for turn in self.turns:
            if turn.label_start <= offset < turn.end:
                if turn.role == "expert" and parse_person_name(turn.label):
                    return self.people.find(turn.label) or (self.experts[0] if self.experts else None)
                return self.experts[0] if turn.role == "expert" and self.experts else None
        return None

    def _turn_at(self, offset: int) -> Turn | None:
        return next((t for t in self.turns if t.label_start <= offset < t.end), None)

    def _study_lines(self, trigger: StudyTrigger) -> list[tuple[int, int]]:
        """The trigger's line (or its whole answer) and the prose lines after it, up to a heading or the next
        turn."""
        turn_end = next((t.end for t in self.turns if t.start <= trigger.at < t.end), self.intro_end)
        first = trigger.lines_from if trigger.lines_from is not None else self.context.sentence_at(trigger.at).start
        if trigger.name:  # an introduction presenting two named trials: each has the text up to the next
            turn_end = min([self.context.sentence_at(at).start for at, name in self._named_at
                            if at > trigger.at and name != trigger.name
                            and self.context.sentence_at(at).start > first] + [turn_end])
        lines = []
        for start, stop in prose_lines(self.text, first, turn_end):
            if lines and is_heading(self.text[start:stop]):
                break
            lines.append((start, stop))
        return lines

    def _triggers(self) -> list[StudyTrigger]:
        """Every place the expert's own study is introduced or reported (see `builders.spoken_studies`)."""
        context, text = self.context, self.text
        triggers: list[StudyTrigger] = []

        def add(at: int, phrase: str, lines_from: int | None = None, asked: tuple[int, int] | None = None,
                name: str | None = None) -> None:
            sentence = context.sentence_at(at)
            same = next((i for i, t in enumerate(triggers) if context.sentence_at(t.at) == sentence), None)
            if same is not None:  # one sentence, one trigger: keep the widest lines, the question that asked, the name
                earlier = triggers[same]
                lines_from = min(x for x in (lines_from, earlier.lines_from, sentence.start) if x is not None)
                triggers[same] = replace(earlier, lines_from=lines_from, asked=earlier.asked or asked,
                                         name=earlier.name or name, phrase=earlier.phrase or phrase)
                return
            if SPOKEN_OUTLOOK.search(sentence.text):
                return
            number = PUBLICATION_NUMBER.search(sentence.text)
            triggers.append(StudyTrigger(at, phrase, number.group(1) if number else None, lines_from, asked, name))

        # A profile printed before the conversation may say what the expert presented ("… she presented data from a
        # phase 3 study of X"): it introduces the study as the editor's introduction does.
        profile_first = self.profile_span is not None and self.profile_span[1] <= self.intro_start
        spans = ([self.profile_span] if profile_first else []) + [(self.intro_start, self.body_end)]
        for span_start, span_end in spans:
            for match in STUDY_TRIGGER.finditer(text, span_start, span_end):
                if self._in_interviewer_turn(match.start()):
                    continue
                subject = (match.group("subject") or "").lower()
                introduced = self._in_intro(match.start()) or self._in_profile(match.start())
                if subject.startswith(("he", "she", "his", "her")) and not introduced:
                    continue  # in an answer, "he reported" speaks of someone else's work
                add(match.start(), match.group("phrase"))
        # A trial named beside its registry number, or named in a sentence that says the expert presented or leads it.
        for span_start, span_end in spans[:-1] + [(self.intro_start, self.intro_end)]:
            for pattern, needs_role in ((NAMED_TRIAL, False), (NAMED_STUDY, True)):
                for match in pattern.finditer(text, span_start, span_end):
                    name, sentence = trial_name(match.group("name")), context.sentence_at(match.start()).text
                    role = not needs_role or PRESENTED.search(sentence) or LEADS.search(sentence)
                    if name and role and not SPOKEN_BACKGROUND.search(sentence):
                        add(match.start(), "", name=name)
        # In the expert's answers, a trial named beside its registry number that the expert claims in its sentence or
        # the next ("In X-1 (NCT…), a phase 2 trial we led", "X-2 (NCT…) is … The data we presented …").
        for turn in self.turns:
            if turn.role != "expert":
                continue
            for match in NAMED_TRIAL.finditer(text, turn.start, turn.end):
                sentence = context.sentence_at(match.start())
                following = next((s for s in context.sentences_between(sentence.end, turn.end)), None)
                claimed = CLAIMED.search(sentence.text) or (following is not None and CLAIMED.search(following.text))
                name = trial_name(match.group("name"))
                if name and claimed and not SPOKEN_BACKGROUND.search(sentence.text):
                    add(match.start(), "", name=name)
        for match in OWN_STUDY.finditer(text, self.intro_start, self.body_end):
            owner, turn = match.group("owner").lower(), self._turn_at(match.start())
            own = owner in ("our", "my") and turn is not None and turn.role == "expert"
            if own or owner not in ("our", "my") and self._in_intro(match.start()):
                add(match.start(), match.group("phrase"))
        for pattern in (WE_REPORT, STUDY_SHOWED):
            for match in pattern.finditer(text, self.intro_start, self.body_end):
                turn = self._turn_at(match.start())
                if turn is not None and turn.role == "expert":
                    add(match.start(), "", lines_from=turn.start)
        for index, turn in enumerate(self.turns):
            if turn.role == "interviewer" and ASKS_ABOUT_OWN_STUDY.search(text, turn.start, turn.end):
                answer = next((t for t in self.turns[index + 1:index + 2] if t.role == "expert"), None)
                if answer is not None and text[answer.start:answer.end].strip():
                    at = answer.start + len(text[answer.start:answer.end]) - len(text[answer.start:answer.end].lstrip())
                    add(at, "", lines_from=answer.start, asked=(turn.start, turn.end))
        for match in PUBLICATION_NUMBER.finditer(text, self.intro_start, self.body_end):
            if not any(context.sentence_at(t.at) == context.sentence_at(match.start()) for t in triggers):
                triggers.append(StudyTrigger(match.start(), "", match.group(1)))
        return sorted(triggers, key=lambda t: t.at)

    def read_studies(self) -> None:
        groups: list[list[StudyTrigger]] = []
        authors: list[URIRef | None] = []  # who reports each group's study
        triggers = self._triggers()
        self._named_at = [(t.at, t.name) for t in triggers if t.name]
        for trigger in triggers:
            author = self._author_of(self.context.sentence_at(trigger.at), trigger.at)
            group = self._group_of(trigger, groups, authors, author)
            if group is None:
                groups.append([trigger])
                authors.append(author)
            else:
                group.append(trigger)
        self._link_studies([self._declare_study(group) for group in groups])

    def _group_of(self, trigger: StudyTrigger, groups: list[list[StudyTrigger]], authors: list[URIRef | None],
                  author: URIRef | None) -> list[StudyTrigger] | None:
        """The study a trigger speaks of again: one interview usually reports one study, so a later "we conducted a
        trial …" is the study the introduction announced, unless it has its own publication number or trial name, or
        says "another". When several experts speak, each reports their own study: a trigger joins the last study of the
        same expert."""
        if not groups:
            return None
        sentence = self.context.sentence_at(trigger.at).text
        for group in groups:
            if trigger.number and trigger.number in {t.number for t in group}:
                return group
        if trigger.name:  # a named trial is its own study, whoever speaks of it
            named = [group for group in groups if trigger.name in {t.name for t in group}]
            if named:
                return named[0]
            if any(t.name for t in groups[-1]):
                return None
        if trigger.number and any(t.number for t in groups[-1]) or ANOTHER.search(sentence):
            return None
        if author is not None and len(self.experts) > 1 and authors[-1] is not None and authors[-1] != author:
            same = [group for group, by in zip(groups, authors) if by == author]
            return same[-1] if same else None
        return groups[-1]

    def _in_profile(self, offset: int) -> bool:
        return self.profile_span is not None and self.profile_span[0] <= offset < self.profile_span[1]

    def _in_intro(self, offset: int) -> bool:
        return self.intro_start <= offset < self.intro_end

    def _in_interviewer_turn(self, offset: int) -> bool:
        return any(t.role == "interviewer" and t.label_start <= offset < t.end for t in self.turns)

    def _declare_study(self, group: list[StudyTrigger]) -> SpokenStudy:
        context = self.context
        at = group[0].at
        number = next((t.number for t in group if t.number), None)
        lines: list[tuple[int, int]] = []
        for trigger in group:
            lines.extend(line for line in self._study_lines(trigger) if line not in lines)
        described = [s for start, stop in lines for s in overlapping(context, start, stop)
                     if not self._in_interviewer_turn(s.start)]
        description = study_label(context, [t.phrase for t in group], described, number)
        name = next((t.name for t in group if t.name), None)
        title = name or description
        title_at = next((t.at for t in group
                         if name is not None and t.name == name or t.phrase and title.lower() in t.phrase.lower()), at)
        cited = self._cited_as(name) if name else None
        study = cited or study_iri(context.document.slug, f"publication-{number}" if number else f"study-{at}")
        field = self._title_field(name) if cited is None and name else None
        field = field or (self._quoted_title(lines) if cited is None else None)
        if field is not None:  # "Title: … the phase 2 X-1 trial" beside the story, 'our abstract was "…"': the title
            spoken = title  # the trial's name or what the conversation says of it, kept as an altLabel
            title, title_at = field
            context.emitter.entity(study, HK.Study, title, context.evidence_at(title_at))
            context.emitter.emit(study, SKOS.altLabel, spoken, context.evidence_at(at))
        evidence = context.evidence_at(title_at)
        context.emitter.entity(study, HK.Study, title, evidence)  # a cited study keeps its title; the name is an altLabel
        if cited is None:
            context.emitter.emit(study, HK.title, title, evidence)
        if name:  # what the study is about, beside its name
            context.emitter.emit(study, SKOS.altLabel, description, context.evidence_at(at))
        context.emitter.emit(context.document.iri, HK.describes, study, context.evidence_at(at))
        for trigger in group:
            trigger_evidence = context.evidence_at(trigger.at)
            if trigger.number:
                context.emitter.emit(study, HK.publicationNumber, trigger.number, trigger_evidence)
            author = self._author_of(context.sentence_at(trigger.at), trigger.at)
            if author is not None:
                context.emitter.emit(study, HK.author, author, trigger_evidence)
        codes = {c for start, stop in lines for c in PRODUCT_CODE.findall(self.text[start:stop])
                 if context.vocabulary.lookup(c) is None}
        asked = tuple(t.asked for t in group if t.asked)
        authors = [self._author_of(context.sentence_at(t.at), t.at) for t in group]
        return SpokenStudy(study, tuple(lines), frozenset(codes), asked, next((a for a in authors if a), None))

    def _title_field(self, name: str) -> tuple[str, int] | None:
        """A "Title:" line that names the trial ("**Title:** … of the phase 2 X-1 trial"): its text and offset."""
        pattern = _naming(name)
        for match in _TITLE_FIELD.finditer(self.text):
            if pattern.search(match.group("title")):
                return match.group("title").strip(" *_"), match.start("title")
        return None

    def _quoted_title(self, lines: list[tuple[int, int]]) -> tuple[str, int] | None:
        """A title the expert quotes in the study's own lines: 'our abstract was "…"', 'the poster, titled "…"'."""
        last = max((stop for _, stop in lines), default=0)
        for start, stop in sorted(lines):  # a quoted title may wrap over the study's next lines
            if match := _QUOTED_TITLE.search(self.text, start, min(last, stop + 400)):
                return " ".join(match.group("title").split()), match.start("title")
        return None

    def _cited_as(self, name: str) -> URIRef | None:
        """The reference-list study whose title names the trial ("… primary results of the X-1 trial"): the same
        study the expert reports, so it is one node. None unless exactly one entry names it."""
        pattern = _naming(name)
        naming = [r.number for r in self.references if r.title and pattern.search(r.title)]
        return self.cited_studies.get(naming[0]) if len(naming) == 1 else None

    def _author_of(self, sentence: Sentence, at: int) -> URIRef | None:
        """Who reports the study: a person the sentence names before the verb, else the speaker, else the expert."""
        for name, name_at in find_titled_names(self.text, sentence.start, at):
            person = self.people.find(name)
            if person is not None:
                return person
        return self._speaker_at(at) or (self.experts[0] if self.experts else None)

    def _link_studies(self, studies: list[SpokenStudy]) -> None:
        context = self.context
        if not studies:
            return
        owned = owned_lines(context, self.turns, studies)
        intro = context.sentences_between(self.intro_start, self.intro_end)
        owners = intro_owners(context, intro, self._expert_named) if len(self.experts) > 1 else {}
        for spoken in studies:
            study = spoken.iri
            sentences = sorted({s for start, stop in owned[study] for s in overlapping(context, start, stop)
                                if not SPOKEN_OUTLOOK.search(s.text) and not SPOKEN_BACKGROUND.search(s.text)
                                and not self._another_experts(s, spoken.author, owners)},
                               key=lambda s: s.index)
            link_study(context, study, sentences)
            # Numbers are the expert's: a question paraphrases them ("CR rates close to 60%").
            extract_outcomes(context, study, [s for s in sentences if not self._in_interviewer_turn(s.start)])
            presented = False
            for start, stop in owned[study] + list(spoken.asked):
                for conference, offset in find_conferences(context, start, stop):
                    context.emitter.emit(study, HK.presentedAt, conference, context.evidence_at(offset))
                    presented = True
                for trial, offset in find_trials(context, start, stop):
                    context.emitter.emit(study, HK.reportsTrial, trial, context.evidence_at(offset))
            profile = context.sentences_between(*self.profile_span) if self.profile_span else []
            if not presented and any(PRESENTED.search(s.text) for s in sentences + intro + profile):
                self._presented_at_intro_conference(study)

    def _expert_named(self, name: str) -> URIRef | None:
        person = self.people.find(name)
        return person if person in self.experts else None

    def _another_experts(self, sentence: Sentence, author: URIRef | None, owners: dict[int, URIRef]) -> bool:
        """Whether, with several experts, a sentence presents or is spoken by an expert other than the study's."""
        if author is None or len(self.experts) < 2:
            return False
        speaker = self._speaker_at(sentence.start)
        return owners.get(sentence.index, author) != author or speaker is not None and speaker != author

    def _presented_at_intro_conference(self, study: URIRef) -> None:
        """A study the expert "presented" without naming where: the one conference the introduction (else the profile)
        names, or the one its "presented" sentence names when it names several."""
        found = find_conferences(self.context, self.intro_start, self.intro_end)
        if not found and self.profile_span:  # "About the expert: … At ASH 2025 she presented …"
            found = find_conferences(self.context, *self.profile_span)
        if len({conference for conference, _ in found}) > 1:  # "… presented updated results at EHA 2026"
            found = [(c, at) for c, at in found
                     if _PRESENTED_AT.search(self.text, self.context.sentence_at(at).start, at)]
        if len({conference for conference, _ in found}) == 1:
            conference, offset = found[0]
            self.context.emitter.emit(study, HK.presentedAt, conference, self.context.evidence_at(offset))

    # --- the document -----------------------------------------------------------------------------------------
    def _line_at(self, offset: int) -> str:
        end = self.text.find("\n", offset)
        return self.text[self.text.rfind("\n", 0, offset) + 1:end if end >= 0 else len(self.text)]

    def read_title(self) -> None:
        context = self.context
        first = next((s for s in context.sentences
                      if not self._in_profile(s.start) and not is_front_label(self._line_at(s.start))), context.sentences[0])
        line_end = self.text.find("\n", first.start)
        line = self.text[first.start:line_end if line_end >= 0 else len(self.text)].strip()
        heading = line.lstrip("#").strip(" *")
        if len(heading) > 2 and heading[0] in "\"“" and heading[-1] in "\"”":  # a quoted headline
            heading = heading[1:-1].strip()
        a_turn = any(t.label_start <= first.start < t.start for t in self.turns)
        alone = line_end >= 0 and not self.text[line_end + 1:line_end + 2].strip()  # a blank line follows
        titled = is_heading(line) and not SPEAKER_LABEL.match(line) or alone and not line.endswith((".", "?", ":"))
        if (line.startswith("#") or titled and len(line) < 150) and not a_turn:  # "X in Y: a talk with Dr. Z"
            title = heading
        else:
            names = [context.emitter.label_of(e) for e in self.experts]
            named = ", ".join(n for n in names if n)
            title = f"Interview with {named}" if named else f"Interview {context.document.slug}"
        context.emitter.entity(context.document.iri, HK.Document, title, context.evidence(first))
        context.emitter.emit(context.document.iri, HK.title, title, context.evidence(first))

    def build(self) -> BuildResult:
        self.read_people()
        if self.references:
            self.cited_studies = declare_references(self.context, self.references, self.people.people())
        self.read_studies()
        self.read_title()
        return self.context.finish("interview")


def build(document: Document) -> BuildResult:
    """Build an interview: its expert, their roles and affiliations, and the studies they report."""
    return _InterviewReader(document).build()
