"""Real SPARQL servers for the tests, started on free loopback ports and always stopped.

Test modules import the fixtures they need (``from servers import oxigraph_server``). Each server runs in its own
process group, so a teardown stops it and anything it started even when a test failed. Start-up waits are
bounded: a server that does not answer in time fails the test with its last log lines.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_DB = "/var/lib/virtuoso-opensource-7/db/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RunningServer:
    process: subprocess.Popen
    query_url: str
    log: Path

    def log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-2000:] if self.log.exists() else ""


def start_process(command: list[str], log: Path, probe_url: str, wait_s: float = 60.0, **popen) -> subprocess.Popen:
    """Start ``command`` in a new process group and poll ``probe_url`` until it answers (or fail in ``wait_s``)."""
    with log.open("wb") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True, **popen)
    deadline = time.monotonic() + wait_s
    while True:
        if process.poll() is not None:
            pytest.fail(f"{command[0]} exited with {process.returncode}: {log.read_text(errors='replace')[-1500:]}")
        try:
            if requests.get(probe_url, timeout=2).status_code < 500:
                return process
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            stop_process(process)
            pytest.fail(f"{command[0]} did not answer within {wait_s:.0f} s: {log.read_text(errors='replace')[-1500:]}")
        time.sleep(0.2)


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM the process group, then SIGKILL what is left after 15 s."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass


def oxigraph_binary() -> str:
    candidate = Path(sys.executable).parent / "oxigraph"
    binary = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    return binary


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory) -> Iterator[RunningServer]:
    """A writable Oxigraph server (the PyPI ``oxigraph`` package) with its own store directory."""
    binary = oxigraph_binary()
    folder = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    log = folder / "server.log"
    query_url = f"http://127.0.0.1:{port}/query"
    process = start_process(
        [binary, "serve", "--location", str(folder / "store"), "--bind", f"127.0.0.1:{port}"], log,
        f"{query_url}?query=ASK%7B%7D",
    )
    try:
        yield RunningServer(process, query_url, log)
    finally:
        stop_process(process)


def write_virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    """Debian's virtuoso.ini with every database path moved to ``folder`` and both ports changed."""
    lines = []
    for line in VIRTUOSO_INI.read_text(encoding="utf-8").splitlines():
        line = line.replace(VIRTUOSO_DB, f"{folder}/")
        key = line.split("=")[0].strip()
        if key == "ServerPort" and "1111" in line:
            line = f"ServerPort = {sql_port}"
        elif key == "ServerPort" and "8890" in line:
            line = f"ServerPort = {http_port}"
        lines.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ini


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory) -> Iterator[RunningServer]:
    """A private Virtuoso (Debian's ``virtuoso-opensource``): SPARQL at /sparql, GSP with digest dba/dba."""
    binary = shutil.which("virtuoso-t")
    if binary is None or not VIRTUOSO_INI.exists():
        pytest.skip("Virtuoso (apt-get install virtuoso-opensource) is not installed")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port = free_port()
    ini = write_virtuoso_ini(folder, free_port(), http_port)
    query_url = f"http://127.0.0.1:{http_port}/sparql"
    process = start_process(
        [binary, "+configfile", str(ini), "+foreground"], folder / "server.log", f"{query_url}?query=ASK%7B%7D",
        wait_s=90.0, cwd=folder,
    )
    try:
        yield RunningServer(process, query_url, folder / "server.log")
    finally:
        stop_process(process)


class Listener:
    """A TCP listener on loopback that counts the connections it receives (and answers none)."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    try:
        yield listening
    finally:
        listening.close()
