"""Data flows one way: builders never import graph, graph never imports builders, only render.py imports pyvis."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    package = {"builders": "hemakg.builders", "graph": "hemakg.graph", "ontology": "hemakg.ontology"}.get(
        path.parent.name, "hemakg"
    )
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                names.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                names.add(node.module)
    return names


def _sources(folder: str) -> list[Path]:
    return sorted((REPO / folder).glob("*.py"))


@pytest.mark.parametrize("path", _sources("builders"), ids=lambda p: p.name)
def test_builders_do_not_import_the_graph_side_or_pyvis(path):
    bad = {n for n in _imports(path) if n.startswith(("hemakg.graph", "hemakg.cli", "hemakg.pipeline", "pyvis", "networkx"))}
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _sources("graph"), ids=lambda p: p.name)
def test_graph_never_imports_builders_and_only_render_imports_pyvis(path):
    names = _imports(path)
    assert not {n for n in names if n.startswith(("hemakg.builders", "hemakg.cli", "hemakg.pipeline"))}
    if path.name != "render.py":
        assert not {n for n in names if n.startswith("pyvis")}, f"{path.name} imports pyvis"


def test_ontology_package_is_data_with_a_path_module_only():
    code = [p.name for p in (REPO / "ontology").glob("*.py")]
    assert code == ["__init__.py"]
