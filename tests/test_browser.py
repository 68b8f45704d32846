"""Each page opens in headless Chromium, draws every node of its projection, logs no error and runs no document text."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import networkx as nx
import pytest

from conftest import TEST_DATA
from hemakg.graph.paths import path_network
from hemakg.graph.projection import (
    ego_network, project_collaboration_network, project_mechanism_network, project_target_network,
)
from hemakg.graph.render import render_page
from hemakg.graph.store import open_store
from hemakg.pipeline import build_into_store

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="playwright is not installed"),
]
SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def markup_store():
    """A digest of our own whose person names and study titles carry script and an image with onerror."""
    store = open_store("memory")
    summary = build_into_store([TEST_DATA / "explore_markup_digest.md"], store)
    assert summary.ok, summary.rejected
    return store


def _open(browser, path: Path, screenshot: Path) -> tuple:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("() => window.network && window.hkDrawn === true", timeout=30000)
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot))
    return page, errors, requests


def _check(browser, graph: nx.Graph, tmp_path: Path, name: str) -> object:
    path = render_page(graph, tmp_path / f"{name}.html", f"{name} {SCRIPT}")
    page, errors, requests = _open(browser, path, tmp_path / f"{name}.png")
    assert page.evaluate("network.body.data.nodes.length") == graph.number_of_nodes()
    assert page.evaluate("Object.keys(network.body.nodes).length") == graph.number_of_nodes()
    assert page.evaluate("network.body.data.edges.length") == graph.number_of_edges()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert errors == []
    assert all(url.startswith("file:") or url.startswith("data:") for url in requests), requests
    assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    return page


def test_fixture_projections_render_every_node_without_errors(browser, fixture_store, tmp_path):
    graphs = {
        "collaboration": project_collaboration_network(fixture_store, with_institutions=True),
        "targets": project_target_network(fixture_store),
        "mechanisms": project_mechanism_network(fixture_store),
        "ego": ego_network(fixture_store, "CD19", 2),
        "path": path_network(fixture_store, "Yue Tan", "Terry Fry"),
    }
    for name, graph in graphs.items():
        assert graph.number_of_nodes() > 0, name
        page = _check(browser, graph, tmp_path, name)
        if name == "targets":
            page.fill("#hk-search", "leukemia")
            page.press("#hk-search", "Enter")
            assert page.evaluate("network.getSelectedNodes().length") == 3
            assert page.text_content("#hk-found") == "3 found"
        page.close()


def test_markup_in_a_document_runs_nothing_in_any_page(browser, markup_store, tmp_path):
    studies = markup_store.query(
        "PREFIX hk: <https://w3id.org/hemakg/ontology#> SELECT ?s WHERE { ?s a hk:Study }").values("s")
    assert len(studies) == 2
    graphs = {f"study-{n}": ego_network(markup_store, iri, 2) for n, iri in enumerate(studies)}
    graphs["targets"] = project_target_network(markup_store)
    graphs["collaboration"] = project_collaboration_network(markup_store, with_institutions=True)
    for name, graph in graphs.items():
        page = _check(browser, graph, tmp_path, name)
        labels = page.evaluate("nodes.get().map(n => n.label)")
        if name.startswith("study"):
            assert any("<script>" in label or "<img" in label for label in labels)  # drawn as text
        page.close()


def test_hovering_a_name_with_markup_shows_text_and_runs_nothing(browser, tmp_path):
    graph = nx.Graph()
    graph.add_node("urn:p", label=f"Dr {SCRIPT} {IMAGE}", **{"class": "Expert"}, identifiers="",
                   evidence=f"An href and {IMAGE}")
    graph.add_node("urn:s", label=f"Study {IMAGE}", **{"class": "Study"}, identifiers="")
    graph.add_edge("urn:p", "urn:s", weight=2, relation="author", evidence=SCRIPT)
    page = _check(browser, graph, tmp_path, "hostile")
    box = page.evaluate("(() => { const p = network.canvasToDOM(network.getPositions(['urn:p'])['urn:p']);"
                        " const r = document.getElementById('mynetwork').getBoundingClientRect();"
                        " return [p.x + r.left, p.y + r.top]; })()")
    page.mouse.move(box[0], box[1])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    assert IMAGE in page.text_content("div.vis-tooltip")
    assert page.evaluate("document.querySelectorAll('div.vis-tooltip img, div.vis-tooltip script').length") == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.close()


def test_a_large_graph_renders_with_a_precomputed_layout(browser, tmp_path):
    graph = nx.gnm_random_graph(700, 2500, seed=5)
    graph = nx.relabel_nodes(graph, {n: f"urn:n{n}" for n in graph})
    for node in graph:
        graph.nodes[node].update(label=node.split(":")[1], **{"class": "Study"})
    for number, (u, v) in enumerate(graph.edges):
        graph.edges[u, v]["weight"] = 1 + number % 5
    path = render_page(graph, tmp_path / "large.html", "Large", max_edges=1000)
    page, errors, _ = _open(browser, path, tmp_path / "large.png")
    assert page.evaluate("network.body.data.nodes.length") == 700
    assert page.evaluate("network.body.data.edges.length") == 1000
    assert page.evaluate("network.physics.options.enabled") is False
    assert "heaviest of 2500 links" in page.text_content("#hk-note")
    assert errors == []
    page.close()
