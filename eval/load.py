"""Bounded HTTP load: N clients send requests until a request count or a time limit is reached.

Latencies are per request, measured by the client over real HTTP; failures (a status other
than 200, or a connection error) are counted, never hidden.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from eval.metrics import percentile

# a request: (method, path, JSON body or None), chosen by the request's sequence number
RequestMaker = Callable[[int], tuple[str, str, dict | None]]


@dataclass
class LoadResult:
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def figures(self) -> dict:
        ok = self.latencies
        return {
            "clients": self.clients,
            "requests": len(ok) + len(self.errors),
            "errors": len(self.errors),
            "seconds": round(self.seconds, 1),
            "throughput_rps": round(len(ok) / self.seconds, 2) if self.seconds else 0.0,
            "p50_ms": round(percentile(ok, 0.50) * 1000, 1),
            "p95_ms": round(percentile(ok, 0.95) * 1000, 1),
            "p99_ms": round(percentile(ok, 0.99) * 1000, 1),
        }


def run_load(
    base_url: str,
    make_request: RequestMaker,
    clients: int,
    max_requests: int,
    max_seconds: float,
    timeout: float = 60.0,
) -> LoadResult:
    """``clients`` threads, each with its own connection, share ``max_requests`` requests and
    stop when they are sent or ``max_seconds`` have passed."""
    numbers = itertools.count()
    lock = threading.Lock()
    result = LoadResult(clients, 0.0)
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        with httpx.Client(base_url=base_url, timeout=timeout) as http:
            while time.monotonic() < deadline:
                with lock:
                    number = next(numbers)
                if number >= max_requests:
                    return
                method, path, body = make_request(number)
                started = time.perf_counter()
                try:
                    response = http.request(method, path, json=body)
                    failure = "" if response.status_code == 200 else f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    failure = f"{type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - started
                with lock:
                    if failure:
                        result.errors.append(failure)
                    else:
                        result.latencies.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(index_dir: Path, start_timeout: float = 180.0) -> Iterator[tuple[str, int]]:
    """`assistant serve` on a free loopback port, as a separate process: (base URL, pid). Its
    rate limit is off: a benchmark measures capacity."""
    port = free_port()
    env = {
        **os.environ,
        "ASSISTANT_INDEX_DIR": str(index_dir),
        "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0",
    }
    command = [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited: {process.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(f"{url}/health", timeout=2).json().get("status") == "ok":
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer /health in {start_timeout:.0f} s")
            time.sleep(0.25)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
