"""Interactive pages of a projection: one self-contained HTML file that works offline and runs no document text.

pyvis builds the node and edge records and ships vis-network, but its own page links bootstrap from a CDN even in
``in_line`` mode and writes some text as raw HTML, so pages are rendered from our template (``assets/page.html``):
every library is in line, data enters as JSON with ``<``, ``>`` and ``&`` escaped, tooltips become text nodes, the
heading and legend are HTML-escaped, and the written file is checked for remote resources before it is kept.
pyvis is imported inside the functions so that nothing else pays for it.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np

from .analysis import compute_centrality

__all__ = [
    "CLASS_STYLES", "PHYSICS_NODE_LIMIT", "MAX_EDGES", "RenderError", "page_html", "render_page", "page_iframe", "write_index",
]

ASSETS = Path(__file__).resolve().parent / "assets"
# class -> (colour, vis shape); shapes with the label underneath, so size can show centrality.
CLASS_STYLES = {
    "Expert": ("#4e79a7", "dot"),
    "Institution": ("#76b7b2", "square"),
    "Study": ("#f28e2b", "diamond"),
    "Antigen": ("#e15759", "triangle"),
    "Gene": ("#ff9da7", "triangleDown"),
    "Therapy": ("#59a14f", "star"),
    "Drug": ("#8cd17d", "star"),
    "Disease": ("#b07aa1", "hexagon"),
    "Mechanism": ("#edc948", "dot"),
    "AdverseEvent": ("#9c755f", "triangleDown"),
    "Document": ("#bab0ac", "square"),
    "Outcome": ("#17becf", "dot"),
}
DEFAULT_STYLE = ("#9d9d9d", "dot")
# Links that say where someone belongs rather than what they did together are drawn dashed.
DASHED_RELATIONS = ("affiliated with", "affiliatedWith", "partOf", "mentions")
PHYSICS_NODE_LIMIT = 500
SPRING_LAYOUT_LIMIT = 1500
SMALL_COMPONENT = 30
MAX_EDGES = 3000
_REMOTE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.I)


class RenderError(Exception):
    """A page could not be written as a self-contained file."""


def _tooltip(attributes: dict, fields: tuple[tuple[str, str], ...]) -> str:
    lines = []
    for key, caption in fields:
        value = attributes.get(key)
        if value in (None, ""):
            continue
        text = str(value)
        lines.append(f"{caption}:\n  " + text.replace("\n", "\n  ") if "\n" in text else f"{caption}: {text}")
    return "\n".join(lines)


NODE_FIELDS = (("class", "class"), ("identifiers", "identifiers"), ("studies", "studies"),
               ("mechanisms", "mechanisms"), ("evidence", "evidence"))
EDGE_FIELDS = (("relation", "link"), ("weight", "weight"), ("shared", "shared"), ("study_labels", "studies"),
               ("outcomes", "outcomes"), ("adverse_events", "adverse events"), ("evidence", "evidence"))


def _capped_edges(graph: nx.Graph, max_edges: int) -> list[tuple[str, str, dict]]:
    edges = list(graph.edges(data=True))
    if len(edges) <= max_edges:
        return edges
    return sorted(edges, key=lambda e: -float(e[2].get("weight", 1)))[:max_edges]


def _component_layout(graph: nx.Graph) -> dict:
    """Positions of one connected component, in about [-1, 1].

    Spring layout reads best but grows with the square of the nodes (4 s at 1,500, 13 s at 3,000); above
    `SPRING_LAYOUT_LIMIT` a spectral layout places a component of 1,651 nodes in a fraction of a second.
    """
    size = graph.number_of_nodes()
    if size <= SMALL_COMPONENT:  # a ring reads as well here, and a thousand small groups must not cost seconds
        return nx.circular_layout(graph) if size > 1 else {node: (0.0, 0.0) for node in graph}
    if size <= SPRING_LAYOUT_LIMIT:
        return nx.spring_layout(graph, seed=7, iterations=30)
    try:
        return _spectral_layout(graph)
    except (RuntimeError, ValueError, nx.NetworkXException):
        # ARPACK may not converge: a page with plain positions beats none.
        return nx.random_layout(graph, seed=7)


def _spectral_layout(graph: nx.Graph) -> dict:
    """The second and third eigenvectors of the normalised adjacency matrix as coordinates.

    These are the smallest non-trivial eigenvectors of the normalised Laplacian, which networkx's
    `spectral_layout` asks ARPACK for as the smallest eigenvalues: half a million iterations (50 s) on a connected
    component of 1,651 nodes here. Asked for as the largest eigenvalues of the normalised adjacency, ARPACK
    converges in a fraction of a second.
    """
    from scipy.sparse import diags
    from scipy.sparse.linalg import eigsh

    nodes = list(graph)
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, dtype=float, format="csr")
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    degree[degree == 0] = 1.0
    scaling = diags(1.0 / np.sqrt(degree))
    values, vectors = eigsh(scaling @ adjacency @ scaling, k=3, which="LA", tol=1e-4, maxiter=20 * len(nodes))
    order = np.argsort(values)[::-1]
    coordinates = vectors[:, order[1:3]] / np.sqrt(degree)[:, None]
    coordinates -= coordinates.mean(axis=0)
    coordinates /= np.abs(coordinates).max(axis=0).clip(min=1e-12)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, coordinates)}


def _layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions computed here for large graphs, where physics in the browser would take minutes to settle.

    Each connected component is laid out on its own and the components are set side by side in rows, largest
    first. A spectral layout of the whole graph would need as many zero eigenvalues as it has components, which
    ARPACK hunts for for minutes (a page of 5,000 nodes with a thousand small co-author groups did not finish), and
    it would draw each component as a single point anyway.
    """
    components = sorted((sorted(c, key=str) for c in nx.connected_components(nx.Graph(graph))),
                        key=lambda c: (-len(c), str(c[0])))
    row_width = 2.5 * math.sqrt(graph.number_of_nodes())
    positions: dict = {}
    x = y = row_height = 0.0
    for nodes in components:
        side = 2.0 * math.sqrt(len(nodes))  # a component's box grows with the square root of its size
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in _component_layout(graph.subgraph(nodes)).items():
            positions[node] = (x + side / 2 * (1 + 0.9 * float(px)), y + side / 2 * (1 + 0.9 * float(py)))
        x += side
        row_height = max(row_height, side)
    scale = 50.0  # room for labels: vis zooms to fit anyway
    return {n: (px * scale, py * scale) for n, (px, py) in positions.items()}


def _network(graph: nx.Graph, title: str, *, size_by: str, physics_limit: int, max_edges: int, height: str):
    from pyvis.network import Network

    physics = graph.number_of_nodes() <= physics_limit
    edges = _capped_edges(graph, max_edges)
    notes = []
    if len(edges) < graph.number_of_edges():
        notes.append(f"Showing the {len(edges)} heaviest of {graph.number_of_edges()} links.")
    if not physics:
        notes.append("Layout computed in advance (physics off).")
    scores = compute_centrality(graph, size_by) if graph.number_of_edges() else {}
    top = max(scores.values(), default=0) or 1
    positions = {} if physics else _layout(graph)
    network = Network(height=height, width="100%", heading=title, cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        colour, shape = CLASS_STYLES.get(data.get("class", ""), DEFAULT_STYLE)
        label = str(data.get("label", node))
        extra = {"x": positions[node][0], "y": positions[node][1]} if positions else {}
        network.add_node(
            str(node), label=label, title=f"{label}\n{_tooltip(data, NODE_FIELDS)}", color=colour, shape=shape,
            size=round(10 + 30 * scores.get(node, 0) / top, 2), **extra,
        )
    for source, target, data in edges:
        network.add_edge(str(source), str(target), value=float(data.get("weight", 1)),
                         title=_tooltip(data, EDGE_FIELDS), color="#b9b9b9",
                         dashes=data.get("relation") in DASHED_RELATIONS)
    network.options = {
        "physics": {"enabled": physics, "solver": "forceAtlas2Based", "stabilization": {"iterations": 150}},
        "interaction": {"hover": True, "tooltipDelay": 150, "keyboard": True},
        "edges": {"scaling": {"min": 1, "max": 8}, "smooth": False},
        "nodes": {"font": {"size": 13}},
    }
    counts = Counter(data.get("class", "") for _, data in graph.nodes(data=True))
    legend = [
        {"name": name or "other", "color": CLASS_STYLES.get(name, DEFAULT_STYLE)[0],
         "shape": CLASS_STYLES.get(name, DEFAULT_STYLE)[1], "count": count}
        for name, count in sorted(counts.items())
    ]
    return network, legend, " ".join(notes)


def _environment(legend: list[dict], note: str, size_by: str):
    import pyvis
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    templates = Path(pyvis.__file__).resolve().parent / "templates"
    environment = Environment(loader=FileSystemLoader([str(ASSETS), str(templates)]),
                              autoescape=select_autoescape(default=True, default_for_string=True))
    environment.globals.update(legend=legend, page_note=note, size_note=f"{size_by} centrality")
    return environment


def _prepare(graph: nx.Graph, title: str, size_by: str, physics_limit: int, max_edges: int, height: str):
    network, legend, note = _network(graph, title, size_by=size_by, physics_limit=physics_limit,
                                     max_edges=max_edges, height=height)
    network.templateEnv = _environment(legend, note, size_by)
    network.path = "page.html"
    return network


def _check_offline(text: str, where: str) -> None:
    found = _REMOTE.search(text)
    if found:
        raise RenderError(f"{where}: page would load {found.group(0)!r} from the network")


def page_html(graph: nx.Graph, title: str, *, size_by: str = "pagerank", physics_limit: int = PHYSICS_NODE_LIMIT,
              max_edges: int = MAX_EDGES, height: str = "720px") -> str:
    """The page as a string (for notebooks); see `render_page`.

    Examples
    --------
    >>> text = page_html(nx.Graph([("a", "b")]), "<b>two</b> nodes")
    >>> "&lt;b&gt;two&lt;/b&gt; nodes" in text and "<b>two</b>" not in text
    True
    """
    network = _prepare(graph, title, size_by, physics_limit, max_edges, height)
    text = network.generate_html(notebook=False)
    _check_offline(text, title)
    return text


def render_page(graph: nx.Graph, path: str | Path, title: str, *, size_by: str = "pagerank",
                physics_limit: int = PHYSICS_NODE_LIMIT, max_edges: int = MAX_EDGES, height: str = "720px") -> Path:
    """Write ``graph`` as one self-contained interactive page at ``path`` (and nowhere else).

    Parameters
    ----------
    graph : a projection; nodes with ``label``/``class``/``identifiers``, edges with ``weight`` and text attributes
    path : the ``.html`` file to write
    title : the page heading (escaped)
    size_by : centrality that sizes the nodes: ``pagerank``, ``degree`` or ``betweenness``
    physics_limit : above this many nodes the layout is computed in Python and physics is off
    max_edges : only the heaviest edges are drawn beyond this, with a note on the page
    height : CSS height of the drawing

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    RenderError
        If the page would load anything from the network.
    """
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise RenderError(f"{path}: a page must be written to an .html file")
    network = _prepare(graph, title, size_by, physics_limit, max_edges, height)
    network.write_html(str(path), notebook=False)
    _check_offline(path.read_text(encoding="utf-8"), str(path))
    return path


def page_iframe(page: str, height: int = 760) -> str:
    """An iframe holding a whole page in ``srcdoc``, so a notebook shows it inline without writing a file.

    Examples
    --------
    >>> page_iframe("<p>x</p>", 100)
    '<div><iframe srcdoc="&lt;p&gt;x&lt;/p&gt;" style="width: 100%; height: 100px; border: 0"></iframe></div>'
    """
    frame = f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width: 100%; height: {int(height)}px; border: 0"></iframe>'
    return f"<div>{frame}</div>"  # wrapped: a bare iframe makes IPython warn'


def write_index(directory: str | Path, pages: list[tuple[str, str, str]]) -> Path:
    """A plain ``index.html`` linking the pages of a site, given as (file name, title, summary) rows.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     "&lt;i&gt;" in write_index(folder, [("a.html", "<i>", "2 nodes")]).read_text()
    True
    """
    rows = "\n".join(
        f'<li><a href="{html.escape(name, quote=True)}">{html.escape(title)}</a> ({html.escape(summary)})</li>'
        for name, title, summary in pages
    )
    path = Path(directory) / "index.html"
    path.write_text(f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>HemaKG</title></head>\n'
                    f"<body><h1>HemaKG networks</h1><ul>\n{rows}\n</ul></body></html>\n", encoding="utf-8")
    return path
