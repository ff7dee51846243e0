"""Start the subgraphs and the gateway as real processes, wait until they are ready, and
stop every one of them on exit (Ctrl-C included). Used by `make run` and by the
end-to-end tests, so both run the suite the same way."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from devstack.auth import DevAuth
from devstack.node import gateway_command
from devstack.servers import free_port
from devstack.topology import GATEWAY_DIR, GATEWAY_PORT, Department


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log_file: Path
    url: str

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@dataclass
class Stack:
    auth: DevAuth
    processes: list[Process] = field(default_factory=list)

    def token(self, role: str = "clerk", **claims: Any) -> str:
        """A token the stack's gateway accepts (devstack.auth roles)."""
        return self.auth.token(role, **claims)

    def by_name(self, name: str) -> Process:
        return next(p for p in self.processes if p.name == name)


def _start(
    name: str, args: Sequence[str], env: Mapping[str, str], cwd: Path, log_dir: Path, url: str
) -> Process:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / f"{name}.log"
    with log_file.open("ab") as out:
        popen = subprocess.Popen(
            list(args),
            cwd=cwd,
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us once; we stop the children ourselves
        )
    return Process(name=name, popen=popen, log_file=log_file, url=url)


def wait_ready(process: Process, ready_url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(
                f"{process.name} exited with {process.popen.returncode}:\n{process.log_tail()}"
            )
        try:
            response = httpx.get(ready_url, timeout=2)
            if response.status_code == 200:
                return
            last = f"{response.status_code} {response.text[:200]}"
        except httpx.HTTPError as exc:
            last = type(exc).__name__
        time.sleep(0.1)
    raise TimeoutError(f"{process.name} not ready after {timeout}s ({last}):\n{process.log_tail()}")


def start_subgraph(
    subgraph: Department,
    *,
    database_url: str,
    redis_url: str,
    log_dir: Path,
    port: int,
    extra_env: Mapping[str, str] | None = None,
) -> Process:
    env = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "APP_ENV": "development",
        "OTEL_SERVICE_NAME": subgraph.name,
        **(extra_env or {}),
    }
    return _start(
        subgraph.name,
        [sys.executable, "-m", subgraph.module],
        env,
        Path.cwd(),
        log_dir,
        f"http://127.0.0.1:{port}/graphql",
    )


def start_gateway(
    *, log_dir: Path, port: int = GATEWAY_PORT, extra_env: Mapping[str, str] | None = None
) -> Process:
    env = {"GATEWAY_ENV": "development", **(extra_env or {})}
    return _start(
        "gateway",
        gateway_command(port),
        env,
        GATEWAY_DIR,
        log_dir,
        f"http://127.0.0.1:{port}/graphql",
    )


def stop(process: Process, timeout: float = 10) -> None:
    if process.popen.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.popen.pid, signal.SIGTERM)
    try:
        process.popen.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.popen.pid, signal.SIGKILL)
        process.popen.wait()


@contextlib.contextmanager
def running(
    subgraphs: Sequence[Department],
    database_urls: Mapping[str, str],
    redis_url: str,
    log_dir: Path,
    *,
    auth: DevAuth,
    gateway_port: int = GATEWAY_PORT,
    free_ports: bool = False,
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[Stack]:
    """All subgraphs, then the gateway; each waited for; all stopped on exit.

    With `free_ports`, every process listens on a free port (tests, beside a `make run`)
    and the gateway is told the subgraph URLs through its override variables.
    """
    stack = Stack(auth=auth)
    gateway_env = {**(extra_env or {}), **auth.gateway_env()}
    subgraph_env = {**(extra_env or {}), **auth.subgraph_env()}
    try:
        for subgraph in subgraphs:
            port = free_port() if free_ports else subgraph.port
            process = start_subgraph(
                subgraph,
                database_url=database_urls[subgraph.name],
                redis_url=redis_url,
                log_dir=log_dir,
                port=port,
                extra_env=subgraph_env,
            )
            stack.processes.append(process)
            gateway_env[subgraph.url_variable] = process.url
        for process in stack.processes:
            wait_ready(process, process.url.replace("/graphql", "/readyz"))
        gateway_port = free_port() if free_ports else gateway_port
        gateway = start_gateway(log_dir=log_dir, port=gateway_port, extra_env=gateway_env)
        stack.processes.append(gateway)
        wait_ready(gateway, f"http://127.0.0.1:{gateway_port}/readiness")
        yield stack
    finally:
        for process in reversed(stack.processes):
            stop(process)
