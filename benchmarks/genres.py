"""Document layouts of the four genres the builders read, written around `Composer` sentences.

Each layout follows the structure its genre shows in the wild, and nothing more particular: a digest is an
opening paragraph and several study blocks with labelled fields; an interview is question and answer turns
under an editor's note, closed by an expert profile; a correspondence has front matter, a tab-separated table
and a numbered reference list; a report is one study under a heading.
"""

from __future__ import annotations

from collections.abc import Callable

from .names import make_journal, make_outlet, make_role
from .phrases import Composer

__all__ = ["LAYOUTS", "write_digest", "write_interview", "write_correspondence", "write_report"]


def write_digest(c: Composer) -> str:
    r = c.rng
    lead, place = c.person(), c.institution()
    year = c.year()
    studies = r.randint(3, 9)
    outlet = make_outlet(r)
    parts = [
        f"At the {year} {c.conference()} annual meeting in {place.city}, the group led by Professor {lead.name} of "
        f"{place.hospital} presented {studies} studies on {c.therapy()}, {c.mechanism()} and {c.disease()}. "
        f"{outlet} summarises each study below, with the professor's comments.",
    ]
    for _ in range(studies):
        number = r.randint(100, 7999)
        kind = r.choice(("Oral Presentation", "Poster", "Poster", "Online Publication"))
        first = c.person()
        if r.random() < 0.5:
            header = f"Title: {c.title()} First Author: {first.name} Type: {kind}"
        else:
            header = f"Title: {c.title()}\nFirst Author: {first.name}\n\nType: {kind}"
        conclusions = " ".join(c.result_sentences(r.randint(3, 6)))
        comment = " ".join(c.result_sentences(r.randint(2, 4)))
        parts += [
            f"Publication Number: {number}",
            header,
            f"Study Conclusions {conclusions}",
            f"Commentary by Professor {lead.name} {comment}",
        ]
    return "\n\n".join(parts) + "\n"


def write_interview(c: Composer) -> str:
    r = c.rng
    expert, place = c.person(), c.institution()
    outlet = make_outlet(r)
    parts = [
        f"Editor's note: During the {c.year()} {c.conference()} meeting, {outlet} talked with Professor "
        f"{expert.name} of {place.hospital} about {c.therapy()} in {c.disease()} and about {c.mechanism()}.",
        "",
    ]
    for _ in range(r.randint(3, 6)):
        parts.append(f"{outlet}: {c.question()}")
        parts.append(f"Professor {expert.name}: {c.answer(r.randint(2, 5))}")
        if r.random() < 0.5:
            parts.append(" ".join(c.result_sentences(r.randint(2, 4))))
        parts.append("")
    parts += [
        "Expert Profile",
        f"Professor {expert.name}",
        f"{make_role(r)}, {place.department}, {place.hospital}",
        f"Member of the {c.disease()} working group of the {place.country} Society of Hematology; "
        f"research interests include {c.therapy()} and {c.mechanism()}.",
    ]
    return "\n".join(parts) + "\n"


def _reference(c: Composer, index: int) -> str:
    r = c.rng
    authors = ", ".join(f"{p.family} {p.initials}" for p in (c.person() for _ in range(r.randint(1, 3))))
    volume = r.randint(100, 150)
    return f"{index}. {authors}, et al. {c.title()}. {make_journal(r)}. {c.year()};{volume}(Suppl {r.randint(1, 2)}):{r.randint(100, 7000)}."


def write_correspondence(c: Composer) -> str:
    r = c.rng
    first, corresponding = c.person(), c.person()
    home, second = c.institution(), c.institution()
    year = c.year()
    references = r.randint(4, 14)
    paragraphs = []
    for _ in range(r.randint(3, 6)):
        cited = ", ".join(str(r.randint(1, references)) for _ in range(r.randint(1, 2)))
        paragraphs.append(f"{c.person().family} et al. " + " ".join(c.result_sentences(r.randint(3, 5))) + f" [{cited}].")
    rows = ["Targets\tNCT number\tDose (10e6/kg)\tPatients (n)\tCR (n)\tCRS (grade)"]
    for _ in range(r.randint(2, 6)):
        patients = r.randint(3, 40)
        rows.append(f"{c.antigen()}\t{c.trial_id()}\t{r.choice(('0.3', '1', '3', '5-10'))}\t{patients}\t"
                    f"{r.randint(0, patients)}\tG {r.randint(1, 4)}, n={r.randint(1, patients)}")
    parts = [
        "## CORRESPONDENCE",
        f"https://doi.org/10.{r.randint(1000, 9999)}/s{r.randint(10000, 99999)}-{year}-{r.randint(100, 999)}-{r.randint(1, 9)}",
        f"# {c.title()}",
        f"{first.name}<sup>1</sup> and {corresponding.name}<sup>1,2*</sup>",
        "## Abstract",
        " ".join(c.result_sentences(r.randint(3, 5))),
        "## To the editor",
        *paragraphs,
        "\\*Correspondence:",
        corresponding.name,
        corresponding.email,
        f"<sup>1</sup>{home.full}",
        f"<sup>2</sup>{second.full}",
        "\n".join(rows),
        f"Table 1 Trials of {c.therapy()} reported at {c.conference()} {year}",
        "## References",
        "\n".join(_reference(c, i) for i in range(1, references + 1)),
    ]
    return "\n\n".join(parts) + "\n"


def write_report(c: Composer) -> str:
    r = c.rng
    authors = [c.person() for _ in range(r.randint(2, 6))]
    place = c.institution()
    parts = [
        f"# {c.title()}",
        ", ".join(a.name for a in authors) + f" ({place.full})",
        "## Background",
        " ".join(c.result_sentences(r.randint(2, 3))),
        "## Methods",
        " ".join(c.result_sentences(r.randint(2, 4))),
        "## Results",
        " ".join(c.result_sentences(r.randint(3, 6))),
        "## Conclusions",
        " ".join(c.result_sentences(r.randint(1, 3))),
    ]
    return "\n\n".join(parts) + "\n"


LAYOUTS: dict[str, Callable[[Composer], str]] = {
    "digest": write_digest,
    "interview": write_interview,
    "correspondence": write_correspondence,
    "report": write_report,
}
