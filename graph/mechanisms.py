"""Which studies share a mechanism (or a target, or a therapy class), ranked by how much the sharing says.

Sharing "T-cell exhaustion" says more than sharing "CAR-T signalling" that half the studies mention, so each shared
item weighs its specificity over studies, ``log(N / df)`` (N studies in the graph, df of them with the item), and a
pair scores the sum over what it shares.

Pairs are counted in Python from an index item → studies fetched with one flat SPARQL query: the same ranking as one
SPARQL self-join took about 66 s on a million quads where the index took under 2 s (see FACTS.md).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from .lookup import PREFIXES, EntityInfo, EvidenceSentence, describe_nodes, fetch_evidence, resolve_entity
from .store import QuadStore

__all__ = [
    "FACETS",
    "PAIR_FORMATS",
    "FacetIndex",
    "SharedItem",
    "SharedPair",
    "build_facet_index",
    "rank_shared_studies",
    "format_pairs",
]

PAIR_FORMATS = ("table", "json", "csv")

# What two studies can share. Each row names the study, the shared item, and the triple whose evidence supports it.
FACETS = {
    "mechanism": """
        { ?study hk:involvesMechanism ?item . BIND(?study AS ?s) BIND(hk:involvesMechanism AS ?p) BIND(?item AS ?o) }
        UNION { ?study hk:hasCohort ?s . ?s hk:involvesMechanism ?item . BIND(hk:involvesMechanism AS ?p) BIND(?item AS ?o) }
    """,
    "target": """
        { ?study hk:targets ?item . BIND(?study AS ?s) BIND(hk:targets AS ?p) BIND(?item AS ?o) }
        UNION { ?study hk:hasCohort ?s . ?s hk:targets ?item . BIND(hk:targets AS ?p) BIND(?item AS ?o) }
        UNION { ?study hk:evaluates ?o . ?o hk:targets ?item . BIND(?study AS ?s) BIND(hk:evaluates AS ?p) }
    """,
    "therapy-class": """
        { ?study hk:evaluates ?o . ?o skos:broader ?item . BIND(?study AS ?s) BIND(hk:evaluates AS ?p) }
        UNION { ?study hk:hasCohort ?s . ?s hk:evaluates ?o . ?o skos:broader ?item . BIND(hk:evaluates AS ?p) }
    """,
}
# An item held by more studies than this is left out of pair counting: its pairs would be numerous and weigh ~0.
MAX_STUDIES_PER_ITEM = 2000


@dataclass(frozen=True)
class FacetIndex:
    """Item → studies and study → items for one facet, with the triples that support each (study, item)."""

    facet: str
    study_count: int
    studies_by_item: dict[str, frozenset[str]]
    items_by_study: dict[str, frozenset[str]]
    support: dict[tuple[str, str], tuple[tuple[str, str, str], ...]]

    def weight(self, item: str) -> float:
        """Specificity of an item: ``log(N / df)``, 0 when every study has it.

        Examples
        --------
        >>> index = FacetIndex("mechanism", 8, {"m": frozenset({"a", "b"})}, {}, {})
        >>> round(index.weight("m"), 3)
        1.386
        """
        df = len(self.studies_by_item.get(item, ()))
        return math.log(self.study_count / df) if df and self.study_count > df else 0.0


@dataclass(frozen=True)
class SharedItem:
    iri: str
    label: str
    facet: str
    weight: float
    evidence: tuple[EvidenceSentence, ...] = ()


@dataclass(frozen=True)
class SharedPair:
    """Two studies, what they share in the ranked facet (``shared``) and in the facets asked for too (``also``)."""

    study_a: EntityInfo
    study_b: EntityInfo
    score: float
    shared: tuple[SharedItem, ...]
    also: tuple[SharedItem, ...] = ()


def build_facet_index(store: QuadStore, facet: str = "mechanism") -> FacetIndex:
    """Fetch (study, item) rows for ``facet`` and index them both ways.

    Examples
    --------
    >>> from hemakg.graph.store import open_store
    >>> build_facet_index(open_store("memory")).study_count
    0
    """
    if facet not in FACETS:
        raise ValueError(f"unknown facet {facet!r}; choose one of {', '.join(FACETS)}")
    result = store.query(PREFIXES + "SELECT DISTINCT ?study ?item ?s ?p ?o WHERE { ?study a hk:Study . "
                         + FACETS[facet] + " }")
    studies_by_item: dict[str, set[str]] = defaultdict(set)
    items_by_study: dict[str, set[str]] = defaultdict(set)
    support: dict[tuple[str, str], set] = defaultdict(set)
    for study, item, s, p, o in result.rows:
        study, item = str(study), str(item)
        studies_by_item[item].add(study)
        items_by_study[study].add(item)
        support[(study, item)].add((str(s), str(p), str(o)))
    count = store.query(PREFIXES + "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a hk:Study }")
    return FacetIndex(
        facet=facet,
        study_count=int(count.rows[0][0]),
        studies_by_item={k: frozenset(v) for k, v in studies_by_item.items()},
        items_by_study={k: frozenset(v) for k, v in items_by_study.items()},
        support={k: tuple(sorted(v)) for k, v in support.items()},
    )


def _resolve_study(store: QuadStore, index: FacetIndex, text: str) -> str:
    """A study named by IRI, by the end of its IRI (``explore-digest/2``) or by its title."""
    if text in index.items_by_study:
        return text
    ends = sorted(study for study in index.items_by_study if study.endswith("/" + text.strip("/")))
    return ends[0] if len(ends) == 1 else resolve_entity(store, text)


def _count_pairs(index: FacetIndex, study: str | None) -> dict[tuple[str, str], set[str]]:
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    items = index.items_by_study.get(study, ()) if study else index.studies_by_item
    for item in items:
        holders = index.studies_by_item[item]
        if len(holders) > MAX_STUDIES_PER_ITEM:
            continue
        if study:
            pairs = (tuple(sorted((study, other))) for other in holders if other != study)
        else:
            pairs = combinations(sorted(holders), 2)
        for pair in pairs:
            shared[pair].add(item)
    return shared


def rank_shared_studies(
    store: QuadStore,
    by: str = "mechanism",
    *,
    study: str | None = None,
    min_shared: int = 1,
    also: tuple[str, ...] = (),
    limit: int | None = 50,
    with_evidence: bool = True,
) -> list[SharedPair]:
    """Pairs of studies that share items of facet ``by``, best first.

    Parameters
    ----------
    store : the graph
    by : ``"mechanism"``, ``"target"`` or ``"therapy-class"`` (the ``skos:broader`` class of an evaluated therapy)
    study : only pairs with this study (IRI, end of IRI, or title)
    min_shared : keep pairs sharing at least this many items of ``by``
    also : other facets the pair must share at least one item of (for example ``("target",)``)
    limit : the number of pairs returned (``None``: all)
    with_evidence : fetch the sentences that tie each study to each shared item

    Returns
    -------
    list of SharedPair
        Sorted by score (sum of the shared items' specificity), then by the number of items shared.

    Examples
    --------
    >>> from hemakg.graph.store import open_store
    >>> rank_shared_studies(open_store("memory"))
    []
    """
    index = build_facet_index(store, by)
    focus = _resolve_study(store, index, study) if study else None
    counted = {pair: items for pair, items in _count_pairs(index, focus).items() if len(items) >= min_shared}
    extra_indexes = [build_facet_index(store, facet) for facet in also if facet != by]
    extra_shared: dict[tuple[str, str], list[tuple[FacetIndex, str]]] = {}
    for pair in list(counted):
        found = []
        for extra in extra_indexes:
            common = extra.items_by_study.get(pair[0], frozenset()) & extra.items_by_study.get(pair[1], frozenset())
            if not common:
                del counted[pair]
                break
            found.extend((extra, item) for item in sorted(common))
        else:
            extra_shared[pair] = found
    scored = sorted(
        ((sum(index.weight(i) for i in items), pair, items) for pair, items in counted.items()),
        key=lambda row: (-row[0], -len(row[2]), row[1]),
    )[:limit]
    iris = {s for _, pair, _ in scored for s in pair}
    iris |= {i for _, _, items in scored for i in items} | {i for p in extra_shared.values() for _, i in p}
    infos = describe_nodes(store, iris)
    evidence = {}
    if with_evidence:
        triples = set()
        for _, pair, items in scored:
            for owner, item in [(index, i) for i in items] + extra_shared.get(pair, []):
                for study_iri in pair:
                    triples.update(owner.support.get((study_iri, item), ()))
        evidence = fetch_evidence(store, triples)

    def shared_item(owner: FacetIndex, pair: tuple[str, str], item: str) -> SharedItem:
        sentences = []
        for study_iri in pair:
            for triple in owner.support.get((study_iri, item), ()):
                sentences.extend(s for s in evidence.get(triple, ()) if s not in sentences)
        return SharedItem(item, infos[item].label, owner.facet, round(owner.weight(item), 4), tuple(sentences))

    pairs = []
    for score, pair, items in scored:
        shared = sorted((shared_item(index, pair, i) for i in items), key=lambda s: (-s.weight, s.label.casefold()))
        also_items = tuple(shared_item(owner, pair, i) for owner, i in extra_shared.get(pair, []))
        pairs.append(SharedPair(infos[pair[0]], infos[pair[1]], round(score, 4), tuple(shared), also_items))
    return pairs


def _pair_record(pair: SharedPair) -> dict:
    def item(shared: SharedItem) -> dict:
        return {"iri": shared.iri, "label": shared.label, "facet": shared.facet, "weight": shared.weight,
                "evidence": [{"text": e.text, "document": e.document} for e in shared.evidence]}

    return {
        "study_a": {"iri": pair.study_a.iri, "label": pair.study_a.label},
        "study_b": {"iri": pair.study_b.iri, "label": pair.study_b.label},
        "score": pair.score,
        "shared": [item(s) for s in pair.shared],
        "also": [item(s) for s in pair.also],
    }


def format_pairs(pairs: list[SharedPair], fmt: str = "table") -> str:
    """Pairs as a readable table with the supporting sentences, as JSON, or as CSV (one row per pair).

    Examples
    --------
    >>> format_pairs([], "csv").splitlines()[0]
    'score,study_a,study_a_label,study_b,study_b_label,shared,shared_count,evidence'
    """
    if fmt == "json":
        return json.dumps([_pair_record(p) for p in pairs], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["score", "study_a", "study_a_label", "study_b", "study_b_label", "shared", "shared_count",
                         "evidence"])
        for p in pairs:
            items = p.shared + p.also
            writer.writerow([p.score, p.study_a.iri, p.study_a.label, p.study_b.iri, p.study_b.label,
                             "; ".join(s.label for s in items), len(p.shared),
                             " | ".join(dict.fromkeys(e.text for s in items for e in s.evidence))])
        return buffer.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(PAIR_FORMATS)}")
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text  # cells as Text: document text is never read as rich markup

    table = Table("score", "studies", "shared (specificity) and the sentences that say so", show_lines=True)
    for p in pairs:
        lines = []
        for s in p.shared + p.also:
            lines.append(f"{s.label} ({s.facet}, {s.weight:.2f})")
            lines.extend(f"  “{e.text}”" for e in s.evidence[:4])
        table.add_row(Text(f"{p.score:.2f}"), Text(f"{p.study_a.label}\n{p.study_b.label}"), Text("\n".join(lines)))
    if not pairs:
        return "No pair of studies shares what was asked for.\n"
    buffer = io.StringIO()
    Console(file=buffer, width=160, color_system=None, force_jupyter=False).print(table)
    return buffer.getvalue()
