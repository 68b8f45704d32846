"""``python -m benchmarks [--docs 10000] [--seed 1] [--out benchmarks/results]``: run the benchmark, print its table."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .measure import BENCH_DIR, BenchmarkConfig, run_benchmark


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split(":")[1].strip())
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the synthetic corpus")
    parser.add_argument("--seed", type=int, default=1, help="the corpus seed (same seed, same files)")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results", help="folder for the store and the table")
    parser.add_argument("--corpus", type=Path, default=None, help="where to write the corpus")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes for the build")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds after which a slow step is stopped")
    parser.add_argument("--load-quads", type=int, default=1_000_000, help="size of the load and query file")
    parser.add_argument("--page-nodes", type=int, default=5000, help="nodes on the rendered page")
    parser.add_argument("--page-quads", type=int, default=1_000_000,
                        help="size of the cut of the corpus graph the page is projected from (the load file when equal)")
    parser.add_argument("--no-whole-corpus-queries", action="store_true", help="skip queries over the whole store")
    parser.add_argument("--no-browser", action="store_true", help="skip the projection, page and browser")
    parser.add_argument("--rdflib-parallel", type=int, default=4,
                        help="rdflib queries run at once (each is timed by its own CPU time)")
    parser.add_argument("--build-only", action="store_true",
                        help="measure the build, re-build and peak memory only (for the 100,000-document run)")
    args = parser.parse_args(argv)
    config = BenchmarkConfig(
        docs=args.docs, seed=args.seed, out=args.out, corpus=args.corpus, jobs=args.jobs, cap=args.cap,
        load_quads=args.load_quads, page_nodes=args.page_nodes, page_quads=args.page_quads,
        whole_corpus_queries=not args.no_whole_corpus_queries, browser=not args.no_browser,
        build_only=args.build_only, rdflib_parallel=args.rdflib_parallel,
    )
    started = time.perf_counter()
    command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
    report = run_benchmark(config, command.strip(),
                           progress=lambda m: print(f"[{time.perf_counter() - started:6.0f} s] {m}", file=sys.stderr))
    print(report.markdown())
    print(f"benchmark finished in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
