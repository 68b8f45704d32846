"""Pairs of studies sharing a mechanism, target or therapy class, as a readable table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json

from .mechanisms import SharedItem, SharedPair

__all__ = ["PAIR_FORMATS", "format_pairs"]

PAIR_FORMATS = ("table", "json", "csv")


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
