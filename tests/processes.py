"""Real processes for kill tests and the end-to-end test: the central server and the desktop CLI.

    port = free_port()
    with ServerProcess("sqlite:///" + str(tmp_path / "server.db"), port, home=tmp_path / "srv"):
        code, out, err = run_sewaka(["sync", "--once", "--json"], home=office_home)

``ServerProcess`` runs ``python -m desktop server --database-url URL run --host 127.0.0.1 --port
P`` (``SEWAKA_HOME`` set to HOME) in its own process group and waits until ``GET /health``
answers 200;
``kill()`` is a SIGKILL of the whole group (a power cut), ``terminate()`` a SIGTERM (a normal
stop), ``restart()`` starts it again on the same port and database. Its output goes to files in
``logs`` (never a pipe that could fill up); ``output()`` reads them back for an assertion
message.

``run_sewaka`` runs the desktop CLI once with ``SEWAKA_HOME`` and ``--data-dir`` set to the
office's folder; ``start_sewaka`` starts it without waiting, for a test that kills it midway.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

HOST = "127.0.0.1"
READY_TIMEOUT = 60.0  # a cold start on a busy CI machine (imports, migrations)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _environment(home: Path | None, env: Mapping[str, str] | None) -> dict[str, str]:
    merged = dict(os.environ)
    merged["QT_QPA_PLATFORM"] = "offscreen"
    merged["PYTHONUNBUFFERED"] = "1"
    if home is not None:
        merged["SEWAKA_HOME"] = str(home)
    merged.update(env or {})
    return merged


def http_status(port: int, path: str = "/health", timeout: float = 2.0) -> int | None:
    """The status of ``GET path`` on loopback, or None when nothing answers."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def _listening(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1.0):
            return True
    except OSError:
        return False


class ServerFailed(RuntimeError):
    """The server process exited or did not become healthy in time."""


class ServerProcess:
    """The central server as a real process on ``127.0.0.1:port``.

    ``command`` replaces the default command line (a test's stand-in, or another launcher);
    ``{port}``, ``{host}``, ``{database_url}`` and ``{home}`` in it are filled in.
    """

    def __init__(
        self,
        database_url: str,
        port: int | None = None,
        env: Mapping[str, str] | None = None,
        *,
        home: Path | None = None,
        command: Sequence[str] | None = None,
        health_path: str = "/health",
        ready_timeout: float = READY_TIMEOUT,
        logs: Path | None = None,
    ) -> None:
        self.database_url = database_url
        self.port = port if port is not None else free_port()
        self.env = dict(env or {})
        self._own_home: tempfile.TemporaryDirectory[str] | None = None
        if home is None:
            self._own_home = tempfile.TemporaryDirectory(prefix="sewaka-server-")
            home = Path(self._own_home.name)
        self.home = Path(home)
        self.command = list(command) if command is not None else None
        self.health_path = health_path
        self.ready_timeout = ready_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._own_logs = logs is None
        self._logs = Path(tempfile.mkdtemp(prefix="sewaka-server-logs-")) if logs is None else logs

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def argv(self) -> list[str]:
        if self.command is None:
            return [
                sys.executable,
                "-m",
                "desktop",
                "server",  # first word: `sewaka --data-dir D server` is not a server command
                "--database-url",
                self.database_url,
                "run",
                "--host",
                HOST,
                "--port",
                str(self.port),
            ]
        values = {
            "port": str(self.port),
            "host": HOST,
            "database_url": self.database_url,
            "home": str(self.home),
        }
        return [word.format(**values) for word in self.command]

    def start(self) -> ServerProcess:
        """Start the server and wait until it is healthy (``ServerFailed`` otherwise)."""
        if self.running():
            raise ServerFailed("the server is already running")
        if _listening(self.port):  # its answers would pass for ours
            raise ServerFailed(f"something already listens on port {self.port}")
        self.home.mkdir(parents=True, exist_ok=True)
        self._logs.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        self.out_path = self._logs / f"stdout-{self.starts}.log"
        self.err_path = self._logs / f"stderr-{self.starts}.log"
        with self.out_path.open("wb") as out, self.err_path.open("wb") as err:
            self.process = subprocess.Popen(
                self.argv(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                env=_environment(self.home, self.env),
                start_new_session=True,  # its own process group: kill() reaches any child
            )
        self.wait_healthy()
        return self

    def wait_healthy(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (self.ready_timeout if timeout is None else timeout)
        while True:
            if self.process is None or self.process.poll() is not None:
                code = None if self.process is None else self.process.returncode
                raise ServerFailed(f"the server exited with {code}\n{self.output()}")
            healthy = http_status(self.port, self.health_path, timeout=1.0) == 200
            if healthy and self.process.poll() is None:
                return
            if time.monotonic() > deadline:
                self.kill()
                raise ServerFailed(
                    f"GET {self.health_path} not 200 within {self.ready_timeout} s\n{self.output()}"
                )
            time.sleep(0.05)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _signal_group(self, sig: signal.Signals) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, sig)

    def kill(self) -> int | None:
        """SIGKILL the server's whole process group (no clean-up, like a power cut); its exit
        code."""
        if self.process is None:
            return None
        self._signal_group(signal.SIGKILL)
        return self.process.wait(timeout=30)

    def terminate(self, timeout: float = 15.0) -> int | None:
        """SIGTERM and wait (a SIGKILL after ``timeout``); its exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                return self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                return self.kill()
        # The leader is gone; make sure nothing it started still holds the port.
        self._signal_group(signal.SIGKILL)
        return self.process.returncode

    def restart(self, *, kill: bool = False) -> ServerProcess:
        """Stop (SIGTERM, or SIGKILL with ``kill=True``) and start again on the same port."""
        if kill:
            self.kill()
        else:
            self.terminate()
        return self.start()

    def output(self, tail: int = 4000) -> str:
        """The last characters of the latest run's stdout and stderr (for assertion messages)."""
        parts = []
        for name in ("out_path", "err_path"):
            path: Path | None = getattr(self, name, None)
            if path is not None and path.exists():
                text = path.read_bytes().decode("utf-8", "replace")
                parts.append(f"--- {path.name} ---\n{text[-tail:]}")
        return "\n".join(parts)

    def close(self) -> None:
        if self.process is not None:
            self.terminate(timeout=5.0)
        if self._own_home is not None:
            self._own_home.cleanup()
            self._own_home = None
        if self._own_logs:
            shutil.rmtree(self._logs, ignore_errors=True)

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class Run(NamedTuple):
    """One run of the desktop CLI; unpacks as ``code, stdout, stderr``."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """stdout read as JSON (the last non-empty line when there are several)."""
        lines = [line for line in self.stdout.splitlines() if line.strip()]
        try:
            return json.loads(self.stdout)
        except json.JSONDecodeError:
            if not lines:
                raise
            return json.loads(lines[-1])


def sewaka_argv(args: Sequence[str], home: Path) -> list[str]:
    return [sys.executable, "-m", "desktop", "--data-dir", str(home), *args]


def run_sewaka(
    args: Sequence[str],
    home: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 120.0,
    *,
    input: str | None = None,
) -> Run:
    """Run ``sewaka --data-dir HOME ARGS...`` (``SEWAKA_HOME`` set too) to its end."""
    result = subprocess.run(
        sewaka_argv(args, home),
        capture_output=True,
        text=True,
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        env=_environment(home, env),
        timeout=timeout,
    )
    return Run(result.returncode, result.stdout, result.stderr)


def start_sewaka(
    args: Sequence[str], home: Path, env: Mapping[str, str] | None = None
) -> subprocess.Popen[str]:
    """Start ``sewaka --data-dir HOME ARGS...`` without waiting (stdout and stderr piped,
    text): for a test that kills it midway (``.kill()``, then ``.communicate()``)."""
    return subprocess.Popen(
        sewaka_argv(args, home),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(home, env),
    )
