"""A first build and a re-build of one corpus, in a process of its own so that its peak memory is its own.

Run as ``python -m benchmarks.buildrun --corpus DIR --store DIR --jobs N`` by `benchmarks.measure`; prints one JSON
object. Memory is sampled every 0.1 s over this process and its worker processes together (shared pages of forked
workers are counted in each, so the sum errs high), and the kernel's own peak of the largest process is kept too.
"""

from __future__ import annotations

import argparse
import json
import resource
import threading
import time

import psutil

__all__ = ["PeakMemory", "main"]


class PeakMemory:
    """Samples the resident memory of this process and all its children until stopped."""

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:  # a worker that just ended
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()


def _largest_process_peak() -> int:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * 1024  # kilobytes on Linux


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.buildrun")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--store", required=True)
    parser.add_argument("--jobs", type=int, required=True)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)

    import hemakg.pipeline as pipeline
    from hemakg.graph.store import open_store

    # The builders imported here are the ones that build; if their files change on disk during the run, the
    # re-build must still see "unchanged", so the fingerprint is taken once, now.
    fingerprint = pipeline.builder_fingerprint()
    pipeline.builder_fingerprint = lambda: fingerprint

    report = {}
    with PeakMemory() as memory:
        store = open_store(args.store)
        started = time.perf_counter()
        first = pipeline.build_into_store([args.corpus], store, jobs=args.jobs, batch_size=args.batch_size)
        report["first"] = {"seconds": time.perf_counter() - started, "built": len(first.built),
                           "skipped": len(first.skipped), "rejected": [str(r) for r in first.rejected],
                           "genres": dict(first.genres)}
        report["quads"] = len(store)
        store.close()
    report["peak_rss_tree"] = memory.peak
    report["peak_rss_largest"] = _largest_process_peak()
    store = open_store(args.store)
    started = time.perf_counter()
    again = pipeline.build_into_store([args.corpus], store, jobs=args.jobs, batch_size=args.batch_size)
    report["rebuild"] = {"seconds": time.perf_counter() - started, "built": len(again.built),
                         "skipped": len(again.skipped), "rejected": len(again.rejected)}
    store.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
