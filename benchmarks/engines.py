"""Run queries in a child process that can be stopped: rdflib's in-memory Dataset, or pyoxigraph.

rdflib is loaded once, then each query runs in a forked copy of the loaded process, so a query that collapses is
stopped at the cap without losing the loaded data for the next one; queries are timed by the CPU time of their
single-threaded child, so two can run at once on two cores. pyoxigraph queries that may take minutes (the
naive self-join, queries over the whole corpus) run in a fresh process per query, killed at the cap.

Run as ``python -m benchmarks.engines rdflib|oxigraph ...`` by `benchmarks.measure`; prints JSON lines.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

__all__ = ["RdflibStore", "run_forked_queries", "run_rdflib", "run_oxigraph_query", "STOPPED"]

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


def _start_forked(function, cap: float) -> tuple[int, int, float]:
    """Run ``function()`` in a forked child that reports ``{"seconds", "size"}`` through a pipe.

    The child's seconds are its own CPU time (user and system): a single-threaded query's CPU time is its running
    time on an idle core, and it stays so when two queries share the machine. The kernel stops the child once it
    has used ``cap`` CPU seconds. Returns ``(pid, read end, wall-clock start)``.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer through the pipe and leave without cleanup
        os.close(read_end)
        limit = int(cap) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))
        started = time.process_time()
        try:
            size = function()
            message = json.dumps({"seconds": time.process_time() - started, "size": size})
        except Exception as error:  # reported to the parent, which raises it
            message = json.dumps({"error": f"{type(error).__name__}: {error}"})
        os.write(write_end, message.encode())
        os._exit(0)
    os.close(write_end)
    return pid, read_end, time.perf_counter()


def _finish_forked(pid: int, read_end: int, cap: float) -> tuple[float | None, int]:
    """Read a child's answer: ``(seconds, size)``, or ``(None, 0)`` when it passed the cap."""
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    if not chunks:  # stopped by the CPU limit (or by the parent's wall-clock guard)
        return STOPPED, 0
    answer = json.loads(b"".join(chunks))
    if "error" in answer:
        raise RuntimeError(f"rdflib query failed: {answer['error']}")
    if answer["seconds"] > cap:
        return STOPPED, 0
    return answer["seconds"], answer["size"]


def _cpu_seconds(pid: int) -> float:
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return times.user + times.system


def run_forked_queries(shapes: dict[str, dict[str, object]], cap: float, parallel: int,
                       report=lambda name, seconds, size, shape: None) -> dict[str, tuple[float | None, int, str]]:
    """Time each named query, ``parallel`` children at a time, as the fastest of its shapes.

    ``shapes`` maps a query's name to its shapes (``{"tuned": function, "plain": function}``). A shape is stopped
    as soon as it has used more CPU time than another shape of the same query took to finish, so trying a slow
    shape costs about as much as the fast one. ``report`` hears each query once all its shapes are done. A child
    still running after eight times the cap in wall-clock time (a machine far busier than ``parallel`` suggests)
    is stopped and counts as stopped.

    The shapes of one query are queued next to each other, so that with ``parallel`` ≥ 2 they run at once and the
    slower is stopped as soon as the faster has finished.
    """
    waiting = [(name, shape, function) for name, forms in shapes.items() for shape, function in forms.items()]
    left = {name: len(forms) for name, forms in shapes.items()}
    best: dict[str, tuple[float | None, int, str]] = {name: (STOPPED, 0, "") for name in shapes}
    running: dict[int, tuple[str, str, int, float]] = {}  # read end → (name, shape, pid, wall-clock start)
    while waiting or running:
        while waiting and len(running) < max(1, parallel):
            name, shape, function = waiting.pop(0)
            pid, read_end, started = _start_forked(function, cap)
            running[read_end] = (name, shape, pid, started)
        ready, _, _ = select.select(list(running), [], [], 0.2)
        now = time.perf_counter()
        for read_end, (name, shape, pid, started) in list(running.items()):
            if read_end not in ready:
                beaten = best[name][0] is not None and _cpu_seconds(pid) > best[name][0]
                if not beaten and now - started <= 8 * cap:
                    continue
                os.kill(pid, signal.SIGKILL)
            del running[read_end]
            seconds, size = _finish_forked(pid, read_end, cap)
            if seconds is not None and (best[name][0] is None or seconds < best[name][0]):
                best[name] = (seconds, size, shape)
            left[name] -= 1
            if not left[name]:
                report(name, *best[name])
    return best


def run_rdflib(nquads: Path, names: list[str], params: dict, cap: float, parallel: int = 4) -> None:
    """Load ``nquads`` into rdflib, then time each named query with ``cap``; prints one JSON line per step.

    Lines go out as they happen, so the parent can stop the load itself at the cap and still read what was done.
    A saved query runs in both its shapes and the faster counts: HemaKG's files are shaped for pyoxigraph's
    planner, which can make them slower in rdflib than the plain shape (graph/queries/plain), or faster.
    """
    from .queries import run_query, shapes_of

    started = time.perf_counter()
    store = RdflibStore(nquads)
    print(json.dumps({"step": "load", "seconds": time.perf_counter() - started, "quads": len(store)}), flush=True)
    shapes = {name: {shape: (lambda name=name, folder=folder: run_query(store, name, params, folder))
                     for shape, folder in shapes_of(name).items()} for name in names}
    run_forked_queries(shapes, cap, parallel, lambda name, seconds, size, shape: print(
        json.dumps({"step": name, "seconds": seconds, "size": size, "shape": shape}), flush=True))


def run_oxigraph_query(source: str, name: str, params: dict, cap: float) -> dict:
    """Time one query in a fresh process over a store directory (read-only) or an N-Quads file (in memory).

    ``name`` is a `QUERIES` name, ``"naive shared mechanisms"`` (one SPARQL self-join ranking every pair),
    ``"indexed shared mechanisms"`` (the same pairs ranked from the index, IRIs and counts as the self-join gives
    them) or ``"described shared mechanisms"`` (every pair as `rank_shared_studies` records, with labels). Returns
    ``{"seconds": None}`` past the cap.
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

    from hemakg.graph.mechanisms import rank_shared_studies, score_shared_pairs
    from hemakg.graph.store import open_store

    from .queries import NAIVE_SHARED_MECHANISMS, run_query

    if Path(source).is_dir():
        store = open_store(source, create=False)
    else:
        store = open_store("memory")
        store.oxigraph.bulk_load(path=source, format=ox.RdfFormat.N_QUADS)
    started = time.perf_counter()
    if name == "naive shared mechanisms":
        size = len(store.query(NAIVE_SHARED_MECHANISMS).rows)
    elif name == "indexed shared mechanisms":  # every pair, as the self-join gives them: like against like
        size = len(score_shared_pairs(store, "mechanism"))
    elif name == "described shared mechanisms":
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
    parser.add_argument("--parallel", type=int, default=4, help="rdflib queries run at once")
    args = parser.parse_args(argv)
    params = json.loads(args.params)
    if args.engine == "rdflib":
        run_rdflib(Path(args.source), args.query, params, args.cap, args.parallel)
    else:
        print(json.dumps(_oxigraph_child(args.source, args.query[0], params)))


if __name__ == "__main__":
    main()
