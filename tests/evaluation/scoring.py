"""Score a document's graph against concept-level annotations: precision, recall and F1 per class and for relations.

An annotation file (`gold/<document stem>.json`) lists, per class, the concepts a hematologist would write down
(each as a list of acceptable names), the relations among them, and optional entities/relations that are right but
not required: those count neither for recall nor against precision. Studies are named by a fragment of their title.

Run ``python -m evaluation.scoring [FOLDER]`` from ``tests/`` to print the table for the documents in FOLDER
(``documents/`` and ``gold/`` beside each other; by default the ones here), or for a folder of gold files whose
``"document"`` field names a file of the shared sample corpus (``"corpus:000"``), as ``corpus_gold/`` does.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

HK = "https://w3id.org/hemakg/ontology#"
HERE = Path(__file__).resolve().parent
SAMPLE_CORPUS = HERE.parents[2] / "shared" / "corpus"
CLASSES = ("Expert", "Institution", "Study", "Conference", "ClinicalTrial", "Antigen", "Gene", "Therapy", "Disease",
           "AdverseEvent", "Mechanism")
PREDICATES = ("author", "firstAuthor", "correspondingAuthor", "affiliatedWith", "targets", "condition", "evaluates",
              "involvesMechanism", "reportsAdverseEvent", "reportsTrial", "presentedAt")
SUBPROPERTIES = {"firstAuthor": "author", "correspondingAuthor": "author"}


def normalize(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).lower()
    text = re.sub(r"[‐‑‒–—―−\-_/×]", " ", text)
    text = text.replace("’", "'")
    text = re.sub(r"[^\w' +]", " ", text)
    return " ".join(text.split())


@dataclass
class Tally:
    tp_recall: int = 0
    gold: int = 0
    tp_precision: int = 0
    predicted: int = 0
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.tp_recall += other.tp_recall
        self.gold += other.gold
        self.tp_precision += other.tp_precision
        self.predicted += other.predicted
        self.misses += other.misses
        self.false_positives += other.false_positives

    @property
    def recall(self) -> float:
        return self.tp_recall / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.tp_precision / self.predicted if self.predicted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class _DocumentGraph:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.labels: dict[URIRef, set[str]] = {}
        for predicate in (SKOS.prefLabel, SKOS.altLabel):
            for subject, label in graph.subject_objects(predicate):
                self.labels.setdefault(subject, set()).add(normalize(str(label)))

    def of_class(self, name: str) -> list[URIRef]:
        classes = [URIRef(HK + name)] + ([URIRef(HK + "Drug")] if name == "Therapy" else [])
        return sorted({s for c in classes for s in self.graph.subjects(RDF.type, c)})

    def matches(self, entity: URIRef, names: list[str], study: bool = False) -> bool:
        wanted = {normalize(n) for n in names}
        labels = self.labels.get(entity, set())
        if study:
            if any(w in label for w in wanted for label in labels):
                return True
            therapies = self.graph.objects(entity, URIRef(HK + "evaluates"))
            return any(self.labels.get(t, set()) & wanted for t in therapies)
        return bool(labels & wanted)


def _score_entities(doc: _DocumentGraph, gold: dict) -> dict[str, Tally]:
    tallies = {}
    for cls in CLASSES:
        required = gold["entities"].get(cls, [])
        optional = gold.get("optional_entities", {}).get(cls, [])
        study = cls == "Study"
        predicted = doc.of_class(cls)
        tally = Tally(gold=len(required))
        for names in required:
            if any(doc.matches(e, names, study) for e in predicted):
                tally.tp_recall += 1
            else:
                tally.misses.append(names[0])
        for entity in predicted:
            if any(doc.matches(entity, names, study) for names in required):
                tally.tp_precision += 1
                tally.predicted += 1
            elif any(doc.matches(entity, names, study) for names in optional):
                continue
            else:
                tally.predicted += 1
                tally.false_positives.append(sorted(doc.labels.get(entity, {str(entity)}))[0])
        tallies[cls] = tally
    return tallies


def _subjects(doc: _DocumentGraph, gold: dict, name: str) -> list[URIRef]:
    """The nodes a relation's subject names: a study by any of the names its annotation lists (the relation uses
    the first), else an expert."""
    studies = {names[0]: names for names in gold["entities"].get("Study", []) + gold.get("optional_entities", {}).get("Study", [])}
    if name in studies:
        return [s for s in doc.of_class("Study") if doc.matches(s, studies[name], study=True)]
    return [s for s in doc.of_class("Expert") if doc.matches(s, [name])]


def _score_relations(doc: _DocumentGraph, gold: dict) -> Tally:
    tally = Tally(gold=len(gold["relations"]))
    graph = doc.graph

    def asserted(subject: URIRef, predicate: str, objects: list[str]) -> bool:
        candidates = [predicate] + [p for p, parent in SUBPROPERTIES.items() if parent == predicate]
        return any(doc.matches(o, objects) for p in candidates for o in graph.objects(subject, URIRef(HK + p)))

    for subject_name, predicate, objects in gold["relations"]:
        if any(asserted(s, predicate, objects) for s in _subjects(doc, gold, subject_name)):
            tally.tp_recall += 1
        else:
            tally.misses.append(f"{subject_name} {predicate} {objects[0]}")
    all_gold = [(r, True) for r in gold["relations"]] + [(r, False) for r in gold.get("optional_relations", [])]
    subjects = set(doc.of_class("Study")) | set(doc.of_class("Expert"))
    for predicate in PREDICATES:
        for subject, obj in graph.subject_objects(URIRef(HK + predicate)):
            if subject not in subjects:
                continue
            generalised = {predicate, SUBPROPERTIES.get(predicate, predicate)}
            verdict = None
            for (subject_name, gold_predicate, objects), required in all_gold:
                if gold_predicate not in generalised and not (predicate == "author" and gold_predicate in SUBPROPERTIES):
                    continue
                if subject in _subjects(doc, gold, subject_name) and doc.matches(obj, objects):
                    verdict = "required" if required else (verdict or "optional")
                    if required:
                        break
            if verdict == "optional":
                continue
            tally.predicted += 1
            if verdict == "required":
                tally.tp_precision += 1
            else:
                tally.false_positives.append(
                    f"{sorted(doc.labels.get(subject, {str(subject)}))[0][:40]} {predicate} "
                    f"{sorted(doc.labels.get(obj, {str(obj)}))[0]}"
                )
    return tally


def score_graph(graph: Graph, gold: dict) -> tuple[dict[str, Tally], Tally]:
    doc = _DocumentGraph(graph)
    return _score_entities(doc, gold), _score_relations(doc, gold)


def _annotated_document(gold_path: Path, gold: dict, root: Path) -> Path:
    """The document a gold file annotates: ``"document": "corpus:<prefix>"`` names a file of the shared sample corpus
    by the start of its name; otherwise it is the file of the same stem under ``root``/documents."""
    reference = gold.get("document", "")
    if reference.startswith("corpus:"):
        prefix = reference.removeprefix("corpus:")
        matches = sorted(SAMPLE_CORPUS.glob(f"{prefix}*"))
        if not matches:
            raise FileNotFoundError(f"{gold_path.name}: no document starting with {prefix!r} in {SAMPLE_CORPUS}")
        return matches[0]
    return next(p for p in (root / "documents").iterdir() if p.stem == gold_path.stem)


def held_out_documents(root: Path = HERE) -> list[tuple[Path, dict]]:
    """``(document, annotations)`` pairs under ``root``/documents and ``root``/gold, or for a folder of gold files
    alone (such as ``corpus_gold``), each file with the document its ``"document"`` field names."""
    pairs = []
    gold_folder = root / "gold" if (root / "gold").is_dir() else root
    for gold_path in sorted(gold_folder.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pairs.append((_annotated_document(gold_path, gold, root), gold))
    return pairs


def evaluate(verbose: bool = False, root: Path = HERE) -> tuple[dict[str, Tally], Tally, list[str]]:
    """Build every held-out document and score it; returns per-class entity tallies, the relation tally, notes."""
    from hemakg.builders import build_file

    per_class = {cls: Tally() for cls in CLASSES}
    relations = Tally()
    notes = []
    for path, gold in held_out_documents(root):
        result = build_file(path)
        if result.genre != gold["genre"]:
            notes.append(f"{path.name}: read as {result.genre}, annotated as {gold['genre']}")
        entities, relation_tally = score_graph(result.graph, gold)
        for cls, tally in entities.items():
            per_class[cls].add(tally)
            if verbose and (tally.misses or tally.false_positives):
                notes.append(f"{path.name} {cls}: missed {tally.misses}; extra {tally.false_positives}")
        relations.add(relation_tally)
        if verbose and (relation_tally.misses or relation_tally.false_positives):
            notes.append(f"{path.name} relations: missed {relation_tally.misses}; extra {relation_tally.false_positives}")
    return per_class, relations, notes


def micro(tallies) -> Tally:
    total = Tally()
    for tally in tallies:
        total.add(tally)
    return total


def format_table(per_class: dict[str, Tally], relations: Tally) -> str:
    lines = ["| class | gold | found | predicted | correct | precision | recall | F1 |", "|---|---|---|---|---|---|---|---|"]
    for cls, t in list(per_class.items()) + [("all entities", micro(per_class.values())), ("relations", relations)]:
        lines.append(f"| {cls} | {t.gold} | {t.tp_recall} | {t.predicted} | {t.tp_precision} | "
                     f"{t.precision:.2f} | {t.recall:.2f} | {t.f1:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    per_class_tallies, relation_tally, messages = evaluate(verbose=True, root=folder)
    print(format_table(per_class_tallies, relation_tally))
    print("\n".join(messages))
