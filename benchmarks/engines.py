"""Run queries in a child process that can be stopped: rdflib's in-memory Dataset, or pyoxigraph.

rdflib is loaded once, then each query runs in a forked copy of the loaded process, so a query that collapses is
killed at the cap without losing the loaded data for the next one. pyoxigraph queries that may take minutes (the
naive self-join, queries over the whole corpus) run in a fresh process per query, killed at the cap.

Run as ``python -m benchmarks.engines rdflib|oxigraph ...`` by `benchmarks.measure`; prints JSON lines.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["RdflibStore", "run_rdflib", "run_oxigraph_query", "STOPPED"]

STOPPED = None  # a timing of None means "stopped at the cap"


class RdflibStore:
    """rdflib's default in-memory Dataset behind the store methods HemaKG's query functions use."""

    def __init__(self, nquads: Path):
        from rdflib import Dataset

        self.location = f"rdflib:{nquads}"
        self.dataset = Dataset(default_union=True)
        self.dataset.parse(str(nquads), format="nquads")

    def query(self, sparql: str):
        from hemakg.graph.query import AskResult, SelectResult

        result = self.dataset.query(sparql)
        if result.type == "ASK":
            return AskResult(bool(result.askAnswer))
        variables = [str(v) for v in result.vars]
        return SelectResult(variables, [tuple(row) for row in result])

    def __len__(self) -> int:
        return len(self.dataset)


def _run_forked(function, cap: float) -> tuple[float | None, int]:
    """``(seconds, size)`` of ``function()`` run in a forked child; ``(None, 0)`` when it passed ``cap`` seconds."""
    read_end, write_end = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: answer through the pipe and leave without cleanup
        os.close(read_end)
        try:
            size = function()
            message = json.dumps({"seconds": time.perf_counter() - started, "size": size})
        except Exception as error:  # reported to the parent, which raises it
            message = json.dumps({"error": f"{type(error).__name__}: {error}"})
        os.write(write_end, message.encode())
        os._exit(0)
    os.close(write_end)
    ready, _, _ = select.select([read_end], [], [], cap)
    if not ready:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_end)
        return STOPPED, 0
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    answer = json.loads(b"".join(chunks) or b'{"error": "the query process died"}')
    if "error" in answer:
        raise RuntimeError(f"rdflib query failed: {answer['error']}")
    return answer["seconds"], answer["size"]


def run_rdflib(nquads: Path, names: list[str], params: dict, cap: float) -> None:
    """Load ``nquads`` into rdflib, then time each named query with ``cap``; prints one JSON line per step.

    Lines go out as they happen, so the parent can stop the load itself at the cap and still read what was done.
    """
    from .queries import run_query

    started = time.perf_counter()
    store = RdflibStore(nquads)
    print(json.dumps({"step": "load", "seconds": time.perf_counter() - started, "quads": len(store)}), flush=True)
    for name in names:
        seconds, size = _run_forked(lambda name=name: run_query(store, name, params), cap)
        print(json.dumps({"step": name, "seconds": seconds, "size": size}), flush=True)


def run_oxigraph_query(source: str, name: str, params: dict, cap: float) -> dict:
    """Time one query in a fresh process over a store directory (read-only) or an N-Quads file (in memory).

    ``name`` is a `QUERIES` name, ``"naive shared mechanisms"`` (one SPARQL self-join ranking every pair) or
    ``"indexed shared mechanisms"`` (the same pairs from the index). Returns ``{"seconds": None}`` past the cap.
    """
    command = [sys.executable, "-m", "benchmarks.engines", "oxigraph", "--source", source, "--query", name,
               "--params", json.dumps(params)]
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=cap, check=False)
    except subprocess.TimeoutExpired:
        return {"seconds": STOPPED, "size": 0}
    if finished.returncode != 0:
        raise RuntimeError(f"{source}: query {name!r} failed: {finished.stderr.strip().splitlines()[-1:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def _oxigraph_child(source: str, name: str, params: dict) -> dict:
    import pyoxigraph as ox

    from hemakg.graph.store import open_store

    from hemakg.graph.mechanisms import rank_shared_studies

    from .queries import NAIVE_SHARED_MECHANISMS, run_query

    if Path(source).is_dir():
        store = open_store(source, create=False)
    else:
        store = open_store("memory")
        store.oxigraph.bulk_load(path=source, format=ox.RdfFormat.N_QUADS)
    started = time.perf_counter()
    if name == "naive shared mechanisms":
        size = len(store.query(NAIVE_SHARED_MECHANISMS).rows)
    elif name == "indexed shared mechanisms":  # every pair, as the self-join gives: like against like
        size = len(rank_shared_studies(store, "mechanism", limit=None, with_evidence=False))
    else:
        size = run_query(store, name, params)
    return {"seconds": time.perf_counter() - started, "size": size}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engines")
    parser.add_argument("engine", choices=("rdflib", "oxigraph"))
    parser.add_argument("--source", required=True, help="N-Quads file, or (oxigraph) a store directory")
    parser.add_argument("--query", action="append", default=[])
    parser.add_argument("--params", default="{}")
    parser.add_argument("--cap", type=float, default=120.0)
    args = parser.parse_args(argv)
    params = json.loads(args.params)
    if args.engine == "rdflib":
        run_rdflib(Path(args.source), args.query, params, args.cap)
    else:
        print(json.dumps(_oxigraph_child(args.source, args.query[0], params)))


if __name__ == "__main__":
    main()
