"""A networkx projection of the graph, its pyvis page, and how long a browser takes until the network settles.

The page is HemaKG's own (`hemakg.graph.render`): above its physics limit the layout is computed in Python and
physics is off, so "settled" is the first complete drawing; below it, vis-network's ``stabilizationIterationsDone``.
Times in the browser run from navigation start (`performance.now()`), so they include parsing the page's data.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from hemakg.graph.projection import project_collaboration_network, project_target_network
from hemakg.graph.render import render_page

__all__ = ["PageFigures", "measure_projection_and_page", "time_until_settled", "CHROMIUM"]

CHROMIUM = "/usr/bin/chromium"
_SETTLE_HOOK = """
(() => {
  const timer = setInterval(() => {
    const net = window.network;
    if (!net || !net.physics) { return; }
    if (!window.__hkHooked) {
      window.__hkHooked = true;
      window.__hkPhysics = !!net.physics.physicsEnabled;
      if (window.__hkPhysics) {
        net.once("stabilizationIterationsDone", () => { window.__hkSettled = performance.now(); });
      }
    }
    if (!window.__hkPhysics && window.hkDrawn && window.__hkSettled === undefined) {
      window.__hkSettled = performance.now();
    }
    if (window.__hkSettled !== undefined) { clearInterval(timer); }
  }, 5);
})();
"""


@dataclass(frozen=True)
class PageFigures:
    projection_seconds: float
    projected_nodes: int
    nodes: int
    edges: int
    write_seconds: float
    page_bytes: int
    settle_seconds: float | None  # None: the browser was not available or did not settle within the cap
    settled_by: str


def _largest_part(graph: nx.Graph, nodes: int) -> nx.Graph:
    """The ``nodes`` best-connected nodes and the links among them (all of the graph when it is smaller)."""
    if graph.number_of_nodes() <= nodes:
        return graph
    keep = sorted(graph.nodes, key=lambda n: (-graph.degree(n), str(n)))[:nodes]
    return graph.subgraph(keep).copy()


def time_until_settled(page: Path, cap: float = 120.0) -> tuple[float | None, str]:
    """Seconds from opening ``page`` in headless Chromium until the network settles, and how it settled."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            tab = browser.new_page()
            tab.add_init_script(_SETTLE_HOOK)
            tab.goto(page.resolve().as_uri(), timeout=cap * 1000)
            try:
                tab.wait_for_function("window.__hkSettled !== undefined", timeout=cap * 1000, polling=50)
            except Exception:  # playwright's TimeoutError: report the cap, not a crash
                return None, f"not settled within {cap:.0f} s"
            settled = tab.evaluate("window.__hkSettled") / 1000
            how = "stabilizationIterationsDone" if tab.evaluate("window.__hkPhysics") else "drawn (physics off)"
            return settled, how
        finally:
            browser.close()


def measure_projection_and_page(store, out: Path, nodes: int = 5000, cap: float = 120.0) -> PageFigures:
    """Project the target and collaboration networks, keep the ``nodes`` best-connected, write and open the page."""
    started = time.perf_counter()
    graph = nx.compose(project_target_network(store), project_collaboration_network(store))
    projection_seconds = time.perf_counter() - started
    part = _largest_part(graph, nodes)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "bench-network.html"
    started = time.perf_counter()
    render_page(part, path, f"{part.number_of_nodes()} nodes of the benchmark graph", size_by="degree")
    write_seconds = time.perf_counter() - started
    if Path(CHROMIUM).exists():
        settle, how = time_until_settled(path, cap)
    else:
        settle, how = None, f"{CHROMIUM} not found"
    return PageFigures(projection_seconds, graph.number_of_nodes(), part.number_of_nodes(), part.number_of_edges(),
                       write_seconds, path.stat().st_size, settle, how)
