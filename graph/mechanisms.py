"""Which studies share a mechanism (or a target, or a therapy class), ranked by how much the sharing says.

Sharing "T-cell exhaustion" says more than sharing "CAR-T signalling" that half the studies mention, so each shared
item weighs its specificity over studies, ``log(N / df)`` (N studies in the graph, df of them with the item), and a
pair scores the sum over what it shares.

Pairs are counted from an index item → studies fetched with one flat SPARQL query, not by a SPARQL self-join: the
join repeats every study once per document graph that types it and has the engine group millions of rows (on the
2,000-document benchmark store it takes minutes). The counting runs over numpy arrays, item by item, so even two
million pairs cost a fraction of a second; labels are read only for the studies and items of the pairs returned,
and sentences only for those pairs.
"""

from __future__ import annotations

import gc
import math
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from .evidence import EvidenceSentence, fetch_evidence
from .lookup import EntityInfo, describe_nodes, label_nodes, resolve_entity
from .rows import PREFIXES, select_rows
from .store import QuadStore

__all__ = [
    "FACETS",
    "FacetIndex",
    "SharedItem",
    "SharedPair",
    "build_facet_index",
    "rank_shared_studies",
    "score_shared_pairs",
]

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


def build_facet_index(store: QuadStore, facet: str = "mechanism", *, with_support: bool = True) -> FacetIndex:
    """Fetch (study, item) rows for ``facet`` and index them both ways.

    ``with_support=False`` leaves out the supporting triples (``support`` is empty): counting pairs does not need
    them, and a store of ten thousand documents holds several per (study, item).

    Examples
    --------
    >>> from hemakg.graph.store import open_store
    >>> build_facet_index(open_store("memory")).study_count
    0
    """
    if facet not in FACETS:
        raise ValueError(f"unknown facet {facet!r}; choose one of {', '.join(FACETS)}")
    # The type is checked against the set of studies, not joined in the query: in the union of document graphs each
    # study is typed once per graph naming it, and the join costs the engine more than the rest of the query.
    studies = {study for (study,) in select_rows(store, PREFIXES + "SELECT DISTINCT ?s WHERE { ?s a hk:Study }")}
    columns = "?study ?item ?s ?p ?o" if with_support else "?study ?item"
    rows = select_rows(store, PREFIXES + f"SELECT DISTINCT {columns} WHERE {{ " + FACETS[facet] + " }")
    studies_by_item: dict[str, set[str]] = defaultdict(set)
    items_by_study: dict[str, set[str]] = defaultdict(set)
    support: dict[tuple[str, str], set] = defaultdict(set)
    for study, item, *triple in rows:
        if study not in studies:
            continue
        studies_by_item[item].add(study)
        items_by_study[study].add(item)
        if triple:
            support[(study, item)].add(tuple(triple))
    return FacetIndex(
        facet=facet,
        study_count=len(studies),
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


@dataclass(frozen=True)
class _PairCounts:
    """Every pair of studies sharing an item, as arrays in the order of their IRIs (``first`` < ``second``)."""

    studies: list[str]  # position → IRI, sorted
    first: np.ndarray
    second: np.ndarray
    shared: np.ndarray  # how many items the pair shares
    score: np.ndarray  # the sum of their weights
    items: tuple[str, ...] = ()  # the items counted, in the order their weights were added
    holding: tuple[np.ndarray, ...] = ()  # for each of those items, the pairs holding it

    def group_by_items(self, positions: np.ndarray) -> tuple[np.ndarray, list[frozenset[str]]]:
        """For each pair at ``positions``, the number of its set of items in the list of distinct sets returned.

        Pairs sharing the same items share their score and their `SharedItem` records, so a long list of pairs is
        described once per distinct set. The sets are read from one bit per item, all pairs at once.
        """
        words = max(1, (len(self.items) + 63) // 64)
        row_of = np.full(len(self.score), -1, dtype=np.int64)
        row_of[positions] = np.arange(len(positions))
        chosen = np.zeros((len(positions), words), dtype=np.uint64)
        for number, pairs in enumerate(self.holding):
            rows = row_of[pairs]
            chosen[rows[rows >= 0], number >> 6] |= np.uint64(1 << (number & 63))
        order = np.lexsort(chosen.T[::-1])  # numeric sort by word: np.unique(axis=0) sorts rows as bytes, slowly
        in_order = chosen[order]
        starts = np.ones(len(order), dtype=bool)
        starts[1:] = np.any(in_order[1:] != in_order[:-1], axis=1)
        group = np.empty(len(order), dtype=np.int64)
        group[order] = np.cumsum(starts) - 1
        sets = [frozenset(item for number, item in enumerate(self.items) if int(row[number >> 6]) >> (number & 63) & 1)
                for row in in_order[starts]]
        return group, sets


def _count_pairs(index: FacetIndex, study: str | None) -> _PairCounts:
    """Count the items each pair of studies shares (only pairs with ``study`` when it is given).

    Items held by more than `MAX_STUDIES_PER_ITEM` studies are left out. Each pair's score adds the weights of its
    items heaviest first (ties by IRI): a fixed order, so pairs sharing equally weighted items score exactly alike.
    """
    studies = sorted(index.items_by_study)
    position = {iri: number for number, iri in enumerate(studies)}
    n = len(studies)
    candidates = index.items_by_study.get(study, ()) if study else index.studies_by_item
    items = sorted((item for item in candidates if len(index.studies_by_item[item]) <= MAX_STUDIES_PER_ITEM),
                   key=lambda item: (-index.weight(item), item))
    codes = []
    for item in items:
        holders = np.array(sorted(position[s] for s in index.studies_by_item[item]), dtype=np.int64)
        if study:
            focus = position[study]
            others = holders[holders != focus]
            codes.append(np.minimum(others, focus) * n + np.maximum(others, focus))
        else:
            a, b = np.triu_indices(len(holders), k=1)
            codes.append(holders[a] * n + holders[b])
    if not codes or not sum(len(c) for c in codes):
        empty = np.zeros(0, dtype=np.int64)
        return _PairCounts(studies, empty, empty, empty, np.zeros(0))
    pairs, where = _unique_with_inverse(np.concatenate(codes))
    holding = np.split(where, np.cumsum([len(c) for c in codes])[:-1])
    score = np.zeros(len(pairs))
    for item, holders in zip(items, holding):
        # One item at a time, in the fixed order; a pair appears at most once per item, so += adds once.
        score[holders] += index.weight(item)
    return _PairCounts(studies, pairs // n, pairs % n, np.bincount(where, minlength=len(pairs)), score,
                       tuple(items), tuple(holding))


def _unique_with_inverse(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(codes, return_inverse=True)``, three times faster here.

    The codes come as one sorted run per item, which a stable sort merges in a few passes; `np.unique` sorts them
    as if they were in no order at all.

    Examples
    --------
    >>> _unique_with_inverse(np.array([3, 7, 1, 3]))
    (array([1, 3, 7]), array([1, 2, 0, 1]))
    """
    order = np.argsort(codes, kind="stable")
    in_order = codes[order]
    starts = np.ones(len(in_order), dtype=bool)
    np.not_equal(in_order[1:], in_order[:-1], out=starts[1:])
    where = np.empty(len(codes), dtype=np.int64)
    where[order] = np.cumsum(starts) - 1
    return in_order[starts], where


@contextmanager
def _gc_paused():
    """Hold back Python's cycle collector while hundreds of thousands of result tuples are created.

    Tuples hold no cycles, yet every few thousand of them start a collection that walks the objects already made:
    building all the pairs of a large store took twice as long with it running.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _ranked(counts: _PairCounts, keep: np.ndarray, need: int | None) -> np.ndarray:
    """Positions of the kept pairs, best first: score, then items shared, then the IRIs; only the best ``need`` and
    those tied with the last of them when ``need`` is given (all of them otherwise)."""
    candidates = np.flatnonzero(keep)
    if need is not None and need < len(candidates):
        threshold = np.partition(-counts.score[candidates], need - 1)[need - 1]
        candidates = candidates[-counts.score[candidates] <= threshold]
    # Pair positions follow the IRI order, so the position itself breaks the last ties.
    return candidates[np.lexsort((candidates, -counts.shared[candidates], -counts.score[candidates]))]


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
    with_evidence : fetch the sentences that tie each study to each shared item (only for the pairs returned)

    Returns
    -------
    list of SharedPair
        Sorted by score (sum of the shared items' specificity), then by the number of items shared, then by IRI.

    Examples
    --------
    >>> from hemakg.graph.store import open_store
    >>> rank_shared_studies(open_store("memory"))
    []
    """
    index = build_facet_index(store, by)
    focus = _resolve_study(store, index, study) if study else None
    counts = _count_pairs(index, focus)
    keep = counts.shared >= min_shared
    extra_indexes = [build_facet_index(store, facet) for facet in also if facet != by]
    wanted = limit if limit is not None and limit > 0 else None
    if extra_indexes:
        chosen, extras = _choose_sharing_also(counts, keep, extra_indexes, wanted)
    else:
        chosen, extras = _ranked(counts, keep, wanted)[:wanted].tolist(), None
    if limit is not None and limit < 1:  # a slice, as before: 0 is none, -n all but the last n
        chosen, extras = chosen[:limit], extras[:limit] if extras is not None else None
    return _describe_pairs(store, index, counts, chosen, extras, with_evidence)


def score_shared_pairs(store: QuadStore, by: str = "mechanism", *, min_shared: int = 1
                       ) -> list[tuple[str, str, int, float]]:
    """Every pair of studies sharing items of facet ``by`` as ``(study_a, study_b, items_shared, score)``, best
    first, IRIs only, the score unrounded.

    The ranking of `rank_shared_studies` without reading labels or building records: for exporting or joining all
    pairs of a large store, where describing each of a hundred thousand pairs costs more than finding them.

    Examples
    --------
    >>> from hemakg.graph.store import open_store
    >>> score_shared_pairs(open_store("memory"))
    []
    """
    counts = _count_pairs(build_facet_index(store, by, with_support=False), None)
    order = _ranked(counts, counts.shared >= min_shared, None)
    studies = np.array(counts.studies, dtype=object)
    with _gc_paused():
        return list(zip(studies[counts.first[order]].tolist(), studies[counts.second[order]].tolist(),
                        counts.shared[order].tolist(), counts.score[order].tolist()))


def _choose_sharing_also(counts: _PairCounts, keep: np.ndarray, extra_indexes: list[FacetIndex], wanted: int | None
                         ) -> tuple[list[int], list[list[tuple[FacetIndex, str]]]]:
    """The best ``wanted`` pairs that also share an item of each extra facet, and those items."""
    total = int(keep.sum())
    need = wanted
    while True:
        chosen, extras = [], []
        for position in _ranked(counts, keep, need).tolist():
            a, b = counts.studies[counts.first[position]], counts.studies[counts.second[position]]
            found = []
            for extra in extra_indexes:
                common = extra.items_by_study.get(a, frozenset()) & extra.items_by_study.get(b, frozenset())
                if not common:
                    break
                found.extend((extra, item) for item in sorted(common))
            else:
                chosen.append(position)
                extras.append(found)
                if len(chosen) == wanted:
                    return chosen, extras
        if need is None or need >= total:
            return chosen, extras
        need *= 4  # pairs sharing nothing in the extra facets were passed over: look further down the ranking


def _describe_pairs(store: QuadStore, index: FacetIndex, counts: _PairCounts, chosen: list[int],
                    extras: list[list[tuple[FacetIndex, str]]] | None, with_evidence: bool) -> list[SharedPair]:
    """The chosen pairs as `SharedPair` records: labels, weights and, with ``with_evidence``, the sentences.

    Without sentences, pairs sharing the same items share their score and `SharedItem` records, which are worked
    out once per distinct set of items: all the pairs of a large store cost little more than creating their records.
    """
    positions = np.array(chosen, dtype=np.int64)
    firsts, seconds = counts.first[positions].tolist(), counts.second[positions].tolist()
    grouped, sets = counts.group_by_items(positions)
    group = grouped.tolist()
    in_pairs = set(firsts) | set(seconds)
    infos = describe_nodes(store, {counts.studies[n] for n in in_pairs})
    info_at = {n: infos[counts.studies[n]] for n in in_pairs}
    # Items show only their names: a concept's description is repeated in every document that names it.
    labels = label_nodes(store, {i for items in sets for i in items} | {i for found in extras or () for _, i in found})
    evidence = {}
    if with_evidence:
        triples = set()
        for number, (a, b) in enumerate(zip(firsts, seconds)):
            pair = (counts.studies[a], counts.studies[b])
            for owner, item in [(index, i) for i in sets[group[number]]] + (extras[number] if extras else []):
                for study_iri in pair:
                    triples.update(owner.support.get((study_iri, item), ()))
        evidence = fetch_evidence(store, triples)

    def shared_item(owner: FacetIndex, pair: tuple[str, str], item: str) -> SharedItem:
        sentences = []
        for study_iri in pair:
            for triple in owner.support.get((study_iri, item), ()):
                sentences.extend(s for s in evidence.get(triple, ()) if s not in sentences)
        return SharedItem(item, labels[item], owner.facet, round(owner.weight(item), 4), tuple(sentences))

    def ordered(pair: tuple[str, str], items: frozenset) -> tuple[SharedItem, ...]:
        shared = (shared_item(index, pair, i) for i in items)
        return tuple(sorted(shared, key=lambda s: (-s.weight, s.label.casefold())))

    scores = counts.score[positions].tolist()
    if with_evidence or extras:
        result = []
        for number, (a, b) in enumerate(zip(firsts, seconds)):
            pair = (counts.studies[a], counts.studies[b])
            also_items = tuple(shared_item(owner, pair, i) for owner, i in (extras[number] if extras else ()))
            result.append(SharedPair(info_at[a], info_at[b], round(scores[number], 4),
                                     ordered(pair, sets[group[number]]), also_items))
        return result
    # Without sentences an item reads the same in every pair: one tuple and one rounded score per set of items.
    shared_of = [ordered(("", ""), items) for items in sets]
    score_of = [round(scores[first], 4) for first in np.unique(grouped, return_index=True)[1].tolist()]
    return [SharedPair(info_at[a], info_at[b], score_of[g], shared_of[g]) for a, b, g in zip(firsts, seconds, group)]
