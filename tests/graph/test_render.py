"""Pages are single offline files, escape document text, and stay usable when graphs grow."""

from __future__ import annotations

import json
import re

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import TEST_DATA
from hemakg.cli import cli
from hemakg.graph.projection import project_collaboration_network, project_target_network
from hemakg.graph.render import RenderError, page_html, render_page

SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=1">'
REMOTE = re.compile(r"<(script|link)\b[^>]*\b(src|href)\s*=\s*[\"']?\s*(https?:)?//", re.I)


def _data(page: str, name: str) -> list[dict]:
    """The JSON array the page hands to vis.DataSet for ``nodes`` or ``edges``."""
    found = re.search(r"var " + name + r" = new vis\.DataSet\((\[.*?\])\.map", page, re.S)
    return json.loads(found.group(1))


def _hostile_graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_node("urn:p", label=f"Dr {SCRIPT}", **{"class": "Expert"}, identifiers="")
    graph.add_node("urn:s", label=f"A study {IMAGE}", **{"class": "Study"}, identifiers="",
                   evidence=f"Said by {SCRIPT} href")
    graph.add_edge("urn:p", "urn:s", weight=1, relation="author", evidence=IMAGE)
    return graph


def test_page_is_one_offline_file_written_only_where_asked(fixture_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "pages" / "targets.html"
    out.parent.mkdir()
    render_page(project_target_network(fixture_store), out, "Targets")
    page = out.read_text(encoding="utf-8")
    assert not REMOTE.search(page)
    assert "bootstrap" not in page and "cdnjs" not in page and "jsdelivr" not in page
    assert "vis.Network" in page and "<script src" not in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]
    assert [p.name for p in out.parent.iterdir()] == ["targets.html"]


def test_document_markup_never_enters_the_page_as_markup(tmp_path):
    page = render_page(_hostile_graph(), tmp_path / "hostile.html", f"Heading {SCRIPT}").read_text(encoding="utf-8")
    assert SCRIPT not in page and IMAGE not in page
    assert "Heading &lt;script&gt;" in page
    labels = {n["label"] for n in _data(page, "nodes")}
    assert labels == {f"Dr {SCRIPT}", f"A study {IMAGE}"}  # shown as text, decoded intact from escaped JSON
    assert "popup.innerHTML" not in page


def test_page_has_legend_search_box_sizes_and_tooltips(fixture_store):
    graph = project_collaboration_network(fixture_store, with_institutions=True)
    page = page_html(graph, "People")
    assert 'id="hk-search"' in page and 'id="hk-legend"' in page
    assert "Expert (9)" in page and "Institution (6)" in page
    nodes = _data(page, "nodes")
    assert len(nodes) == graph.number_of_nodes()
    assert len({n["size"] for n in nodes}) > 1
    assert {n["shape"] for n in nodes} == {"dot", "square"} and len({n["color"] for n in nodes}) == 2
    mackall = next(n for n in nodes if n["label"] == "Crystal Mackall")
    assert "Stanford" not in mackall["title"] and "Expert" in mackall["title"]
    edges = _data(page, "edges")
    assert any("Mackall and Fry tested" in e["title"] for e in edges)
    assert max(e["value"] for e in edges) >= 1


def test_large_graphs_get_a_precomputed_layout_and_capped_edges():
    graph = nx.gnm_random_graph(120, 400, seed=3)
    graph = nx.relabel_nodes(graph, {n: f"urn:n{n}" for n in graph})
    for n in graph:
        graph.nodes[n].update(label=n, **{"class": "Expert"})
    for i, (u, v) in enumerate(graph.edges):
        graph.edges[u, v]["weight"] = 1 + i % 7
    page = page_html(graph, "Big", physics_limit=100, max_edges=150)
    nodes, edges = _data(page, "nodes"), _data(page, "edges")
    assert len(nodes) == 120 and all("x" in n and "y" in n for n in nodes)
    assert len(edges) == 150 and min(e["value"] for e in edges) >= 4
    assert '"enabled": false' in page
    assert "Showing the 150 heaviest of 400 links." in page


def test_render_refuses_a_path_that_is_not_html(tmp_path):
    with pytest.raises(RenderError):
        render_page(_hostile_graph(), tmp_path / "page.txt", "x")


def test_viz_commands_write_each_page(fixture_store, tmp_path):
    folder = tmp_path / "store"
    store = ox.Store(str(folder))
    store.load(path=str(TEST_DATA / "explore_fixture.trig"), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    runner = CliRunner()
    for args in (["collaboration", "--institutions"], ["targets"], ["mechanisms"], ["ego", "CD19", "--depth", "2"],
                 ["path", "Yue Tan", "Terry Fry"]):
        out = tmp_path / f"{args[0]}.html"
        result = runner.invoke(cli, ["viz", *args, "--store", str(folder), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.is_file() and not REMOTE.search(out.read_text(encoding="utf-8"))
    assert "Mackall and Fry tested" in result.output  # the path is also explained in the terminal
    result = runner.invoke(cli, ["viz", "all", "--store", str(folder), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [
        "collaboration.html", "index.html", "mechanisms.html", "targets.html"]
    result = runner.invoke(cli, ["project", "mechanisms", "--store", str(folder), "--format", "gexf",
                                 "-o", str(tmp_path / "m.gexf")])
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(tmp_path / "m.gexf").number_of_edges() == 10


def test_a_large_graph_gets_a_page_even_when_the_spectral_layout_does_not_converge(tmp_path, monkeypatch):
    import networkx as nx
    from scipy.sparse.linalg import ArpackNoConvergence

    from hemakg.graph import render

    def no_convergence(graph, *args, **kwargs):
        raise ArpackNoConvergence("no convergence", None, None)

    monkeypatch.setattr(render, "_spectral_layout", no_convergence)
    graph = nx.path_graph([f"n{i}" for i in range(render.SPRING_LAYOUT_LIMIT + 5)])
    positions = render._layout(graph)
    assert len(positions) == graph.number_of_nodes()


def test_each_component_of_a_large_graph_is_laid_out_apart_and_spread():
    from hemakg.graph import render

    big = nx.cycle_graph(render.SPRING_LAYOUT_LIMIT + 50)  # spectral layout of one large component
    graph = nx.disjoint_union_all([big, nx.path_graph(40)] + [nx.complete_graph(6) for _ in range(300)])
    positions = render._layout(graph)
    assert len(positions) == graph.number_of_nodes()
    boxes = []
    for component in nx.connected_components(graph):
        points = [positions[n] for n in component]
        assert len(set(points)) == len(points), "a component drawn on top of itself"
        xs, ys = [x for x, _ in points], [y for _, y in points]
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    for i, (left, right, bottom, top) in enumerate(boxes):
        for other_left, other_right, other_bottom, other_top in boxes[i + 1:]:
            assert right < other_left or other_right < left or top < other_bottom or other_top < bottom
