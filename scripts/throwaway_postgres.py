"""A throwaway PostgreSQL server in a temporary folder, on a free port of 127.0.0.1.

Used by the test suite and the benchmark when no server URL is given. As root, the cluster
runs as the `postgres` system user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine, or the cluster would not start."""


def find_bindir() -> Path:
    """The folder holding initdb and pg_ctl: $PG_BINDIR, `pg_config --bindir`, PATH, or Debian's."""
    candidates: list[str] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(os.environ["PG_BINDIR"])
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(out.stdout.strip())
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb") or "").parent))
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise PostgresUnavailable("no PostgreSQL server found (initdb and pg_ctl); install postgresql")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


@contextmanager
def throwaway_postgres(database: str = "dossier") -> Iterator[str]:
    """Start a fresh cluster, yield a `postgresql://` URL to `database` in it, then remove it."""
    bindir = find_bindir()
    folder = Path(tempfile.mkdtemp(prefix="dossier-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres")
    port = _free_port()
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")

    def run(argv: list[str]) -> None:
        done = subprocess.run(_as_server_user(argv), capture_output=True, text=True)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{Path(argv[0]).name} failed: {done.stderr.strip()}")

    try:
        run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-E",
                "UTF8",
                "--no-locale",
                "-A",
                "trust",
                "-U",
                user,
            ]
        )
        run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(folder / "server.log"),
                "-w",
                "-o",
                f"-c listen_addresses=127.0.0.1 -c port={port} -k {folder} -c fsync=off",
                "start",
            ]
        )
        run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", user, database])
        yield f"postgresql://{user}@127.0.0.1:{port}/{database}"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_server_user(
                    [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
                ),
                capture_output=True,
            )
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    import sys
    import time

    with throwaway_postgres() as url:
        print(url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            sys.exit(0)
