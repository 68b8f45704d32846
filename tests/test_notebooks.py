"""Every notebook runs top to bottom on the sample corpus, offline; a cell that raises fails the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_there_is_one_notebook_per_use():
    assert [p.name for p in NOTEBOOKS] == [
        "01_build_and_query.ipynb", "02_collaboration_network.ipynb", "03_target_network.ipynb",
        "04_shared_mechanisms.ipynb",
    ]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(notebook: Path, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    if not CORPUS.is_dir():
        pytest.skip(f"sample corpus not found at {CORPUS}")
    monkeypatch.setenv("HEMAKG_CORPUS", str(CORPUS))
    document = nbformat.read(notebook, as_version=4)
    assert all(not cell.get("outputs") for cell in document.cells if cell.cell_type == "code"), "strip outputs"
    client = nbclient.NotebookClient(document, timeout=240, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for cell in document.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("text/html" in o.get("data", {}) for o in outputs), "the page is shown inline"
    assert list(tmp_path.iterdir()) == [], "notebooks write nothing to the working folder"
