"""What Dossier refuses (docs/reporting.md), through the `dossier` command, on each engine it
concerns: each refusal's whole message, and that nothing changed (the database's content, and
for COPY and exports the files)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

import scripts.cmd_query
import seeds.scaffold
from scripts.cli import main
from tests.dbcontent import dump

REPO = Path(__file__).resolve().parent.parent
RUNAWAY = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"
NOT_A_QUERY = (
    "is not a query; `dossier query` runs one SELECT, WITH, VALUES, TABLE, EXPLAIN or SHOW, "
    "read-only, and reaches nothing outside the database"
)


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    return err.rstrip("\n")


def _large_objects(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM pg_largeobject_metadata")).scalar_one())


@pytest.fixture
def superuser_engine(built_engine: Engine) -> Engine:
    """The built PostgreSQL database, connected as a superuser (the README's example URL)."""
    with built_engine.connect() as conn:
        su = text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not conn.execute(su).scalar_one():
            pytest.skip("the test server's user is not a superuser")
    return built_engine


@pytest.fixture
def server_dir() -> Iterator[Path]:
    """A folder the PostgreSQL server's own user may write in (it runs as another user)."""
    folder = Path(tempfile.mkdtemp(prefix="dossier-refusals-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def login(built_engine: Engine) -> Iterator[str]:
    """A fresh role name, dropped afterwards (roles are the server's, not the database's)."""
    role = f"refusal_{uuid.uuid4().hex[:10]}"
    yield role
    with built_engine.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
            conn.commit()


def _connect_as(engine: Engine, role: str) -> psycopg.Connection[tuple[object, ...]]:
    url = make_url(_url(engine))
    return psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=role, autocommit=True
    )


# --- dossier query on PostgreSQL, connected as a superuser ---------------------------------------

SUPERUSER_REFUSALS = {
    "COPY (SELECT 1) TO PROGRAM 'touch {dir}/ran'": f"refused: COPY {NOT_A_QUERY}",
    "COPY (SELECT 1) TO '{dir}/written'": f"refused: COPY {NOT_A_QUERY}",
    "SELECT pg_read_file('/etc/hostname')": "refused: pg_read_file() reaches the server's files",
    "SELECT lo_from_bytea(0, 'x')": (
        "refused: lo_from_bytea() works on large objects, which outlive the query"
    ),
    # The session's user could take its role back mid-statement, then run SQL given as text.
    "SELECT set_config('role', current_setting('is_superuser'), true), "
    "query_to_xml('SELECT pg_read_file(''/etc/hostname'')', true, false, '')": (
        "refused: set_config() changes a setting (such as the role or the time limit) mid-query"
    ),
    "WITH gone AS (DELETE FROM demands RETURNING 1) SELECT count(*) FROM gone": (
        "refused: DELETE writes; one SELECT, WITH, VALUES, TABLE, EXPLAIN or SHOW only"
    ),
    "COMMIT": f"refused: COMMIT {NOT_A_QUERY}",
}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("sql", list(SUPERUSER_REFUSALS))
def test_query_as_superuser_reaches_nothing_outside(
    superuser_engine: Engine, server_dir: Path, capsys: pytest.CaptureFixture[str], sql: str
) -> None:
    before, objects = dump(superuser_engine), _large_objects(superuser_engine)
    statement = sql.format(dir=server_dir)
    code, out, err = _run(capsys, "query", "--db", _url(superuser_engine), statement)
    assert (code, out) == (1, "")
    assert _one_line(err) == f"error: query: {SUPERUSER_REFUSALS[sql]}"
    assert list(server_dir.iterdir()) == []
    assert dump(superuser_engine) == before
    assert _large_objects(superuser_engine) == objects


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_copy_would_have_reached_the_server_without_dossier(
    superuser_engine: Engine, server_dir: Path
) -> None:
    """The refusals above refuse something real: the same statements, run directly as the
    superuser, do write a file and run a program."""
    with superuser_engine.begin() as conn:
        conn.exec_driver_sql(f"COPY (SELECT 1) TO PROGRAM 'touch {server_dir}/ran'")
        conn.exec_driver_sql(f"COPY (SELECT 1) TO '{server_dir}/written'")
        assert conn.execute(text("SELECT pg_read_file('/etc/hostname')")).scalar_one()
    assert sorted(p.name for p in server_dir.iterdir()) == ["ran", "written"]


# Without the parser, the role that can only read refuses them itself (defence in depth).
ROLE_REFUSALS = {
    "COPY (SELECT 1) TO PROGRAM 'touch {dir}/ran'": (
        "refused: the query runs as a role that can only read (must be superuser or have "
        "privileges of the pg_execute_server_program role to COPY to or from an external program)"
    ),
    "COPY (SELECT 1) TO '{dir}/written'": (
        "refused: the query runs as a role that can only read (must be superuser or have "
        "privileges of the pg_write_server_files role to COPY to a file)"
    ),
    "SELECT pg_read_file('/etc/hostname')": (
        "refused: the query runs as a role that can only read "
        "(permission denied for function pg_read_file)"
    ),
    "SELECT pg_terminate_backend(pg_backend_pid())": (
        "refused: the query runs as a role that can only read "
        "(must be a superuser to terminate superuser process)"
    ),
    "DELETE FROM demands": (
        "refused: the query runs read-only (cannot execute DELETE in a read-only transaction)"
    ),
}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("sql", list(ROLE_REFUSALS))
def test_the_reading_role_refuses_without_the_parser(
    superuser_engine: Engine,
    server_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sql: str,
) -> None:
    monkeypatch.setattr(scripts.cmd_query, "check_postgresql_sql", lambda _sql: None)
    before = dump(superuser_engine)
    code, _, err = _run(capsys, "query", "--db", _url(superuser_engine), sql.format(dir=server_dir))
    assert code == 1
    assert _one_line(err) == f"error: query: {ROLE_REFUSALS[sql]}"
    assert list(server_dir.iterdir()) == []
    assert dump(superuser_engine) == before


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_login_that_ends_its_own_connection_gets_one_line(
    built_engine: Engine, login: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with built_engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE ROLE "{login}" LOGIN')
    url = make_url(_url(built_engine)).set(username=login, password=None)
    before = dump(built_engine)
    code, _, err = _run(
        capsys,
        "query",
        "--db",
        url.render_as_string(hide_password=False),
        "SELECT pg_terminate_backend(pg_backend_pid())",
    )
    assert code == 1
    assert _one_line(err) == (
        "error: query: database: the server ended the connection "
        "(terminating connection due to administrator command)"
    )
    assert dump(built_engine) == before


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_login_that_reaches_server_files_is_refused(
    built_engine: Engine, login: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with built_engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE ROLE "{login}" LOGIN IN ROLE pg_read_server_files')
    url = make_url(_url(built_engine)).set(username=login, password=None)
    code, _, err = _run(
        capsys, "query", "--db", url.render_as_string(hide_password=False), "SELECT 1"
    )
    assert code == 1
    assert _one_line(err) == (
        f"error: query: refused: {login} is a member of pg_read_server_files, which reach the "
        "server's programs and files, and not of pg_read_all_data; connect as a login made by "
        "`dossier grant-reader`, or grant it pg_read_all_data"
    )


# --- time limits and Ctrl-C ----------------------------------------------------------------------


def test_a_runaway_query_stops_at_its_time_limit(
    migrated_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    sql = RUNAWAY if migrated_engine.dialect.name == "sqlite" else "SELECT pg_sleep(60)"
    started = time.monotonic()
    code, out, err = _run(capsys, "query", "--db", _url(migrated_engine), "--timeout", "0.5", sql)
    assert time.monotonic() - started < 20
    assert (code, out) == (1, "")
    assert _one_line(err) == (
        "error: query: stopped: the query ran longer than its time limit of 0.5 s "
        "(give --timeout SECONDS, 0 for none); nothing was written"
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_ctrl_c_stops_a_runaway_sqlite_query(migrated_engine: Engine) -> None:
    argv = [sys.executable, "-m", "scripts.cli", "query", "--db", _url(migrated_engine)]
    process = subprocess.Popen(
        [*argv, "--timeout", "0", RUNAWAY], cwd=REPO, stderr=subprocess.PIPE, text=True
    )
    database = str(make_url(_url(migrated_engine)).database)
    deadline = time.monotonic() + 60
    while not _has_open(process.pid, database):  # wait until the query has begun
        assert process.poll() is None and time.monotonic() < deadline, "the query never began"
        time.sleep(0.05)
    time.sleep(1)  # deep in the recursion
    assert process.poll() is None, "the query should still be running"
    process.send_signal(signal.SIGINT)
    try:
        _, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 130
    assert _one_line(err) == "error: interrupted; nothing was written"


def _has_open(pid: int, path: str) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.path.realpath(fd) == os.path.realpath(path) for fd in fds.iterdir())
    except OSError:
        return False


# --- the reader made by grant-reader stores nothing ----------------------------------------------


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_reader_cannot_store_a_large_object_schema_or_table(
    built_engine: Engine, login: str
) -> None:
    assert main(["-q", "grant-reader", "--db", _url(built_engine), "--role", login]) == 0
    before, objects = dump(built_engine), _large_objects(built_engine)
    with _connect_as(built_engine, login) as conn:
        conn.execute("BEGIN READ WRITE")
        with pytest.raises(errors.InsufficientPrivilege, match="lo_from_bytea"):
            conn.execute("SELECT lo_from_bytea(0, 'x')")
        conn.execute("ROLLBACK")
        for sql in ("CREATE SCHEMA intruder", "CREATE TABLE public.intruder (id integer)"):
            conn.execute("BEGIN READ WRITE")
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(sql)
            conn.execute("ROLLBACK")
        for function in ("lo_create(0)", "lo_creat(-1)", "lo_import('/etc/hostname')"):
            conn.execute("BEGIN READ WRITE")
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(f"SELECT {function}")
            conn.execute("ROLLBACK")
    assert _large_objects(built_engine) == objects
    assert dump(built_engine) == before


def _role_state(engine: Engine, role: str) -> tuple[object, ...]:
    with engine.connect() as conn:
        return (
            conn.execute(text("SELECT * FROM pg_roles WHERE rolname = :r"), {"r": role}).all(),
            conn.execute(
                text(
                    "SELECT pg_get_userbyid(datdba), datacl FROM pg_database "
                    "WHERE datname = current_database()"
                )
            ).all(),
            conn.execute(
                text(
                    "SELECT has_function_privilege('public', 'lo_from_bytea(oid, bytea)', "
                    "'EXECUTE')"
                )
            ).all(),
            conn.execute(text("SELECT * FROM pg_db_role_setting")).all(),
        )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_grant_reader_refuses_the_owner_of_the_database(
    built_engine: Engine, login: str, capsys: pytest.CaptureFixture[str]
) -> None:
    database = make_url(_url(built_engine)).database
    with built_engine.begin() as conn:
        me = conn.execute(text("SELECT current_user")).scalar_one()
        conn.exec_driver_sql(f'CREATE ROLE "{login}" LOGIN')
        conn.exec_driver_sql(f'ALTER DATABASE "{database}" OWNER TO "{login}"')
    try:
        before, roles = dump(built_engine), _role_state(built_engine, login)
        code, _, err = _run(capsys, "grant-reader", "--db", _url(built_engine), "--role", login)
        assert code == 1
        assert _one_line(err) == (
            f"error: grant-reader: {login} owns the database, so it could create schemas and "
            "tables and change the database itself; name a role of its own"
        )
        assert _role_state(built_engine, login) == roles
        assert dump(built_engine) == before
    finally:
        with built_engine.begin() as conn:
            conn.exec_driver_sql(f'ALTER DATABASE "{database}" OWNER TO "{me}"')


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ('CREATE ROLE "{r}" LOGIN CREATEDB', "{r} has CREATEDB"),
        ('CREATE ROLE "{r}" LOGIN CREATEROLE', "{r} has CREATEROLE"),
        ('CREATE ROLE "{r}" LOGIN REPLICATION', "{r} has REPLICATION"),
        ('CREATE ROLE "{r}" LOGIN BYPASSRLS', "{r} has BYPASSRLS"),
        ('CREATE ROLE "{r}" LOGIN SUPERUSER', "{r} is a superuser"),
        (
            'CREATE ROLE "{r}_group" CREATEDB; CREATE ROLE "{r}" LOGIN IN ROLE "{r}_group"',
            "{r} has CREATEDB through its membership of {r}_group",
        ),
    ],
)
def test_grant_reader_refuses_a_role_that_could_create(
    built_engine: Engine, login: str, capsys: pytest.CaptureFixture[str], setup: str, reason: str
) -> None:
    with built_engine.begin() as conn:
        for statement in setup.format(r=login).split("; "):
            conn.exec_driver_sql(statement)
    try:
        roles = _role_state(built_engine, login)
        code, _, err = _run(capsys, "grant-reader", "--db", _url(built_engine), "--role", login)
        assert code == 1
        assert _one_line(err) == (
            f"error: grant-reader: {reason.format(r=login)}, so it could write or create; "
            "name a role of its own"
        )
        assert _role_state(built_engine, login) == roles
    finally:
        with built_engine.begin() as conn:
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}_group"')


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_grant_reader_refuses_the_owner_of_a_schema(
    built_engine: Engine, login: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with built_engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE ROLE "{login}" LOGIN')
        conn.exec_driver_sql(f'CREATE SCHEMA owned AUTHORIZATION "{login}"')
    code, _, err = _run(capsys, "grant-reader", "--db", _url(built_engine), "--role", login)
    assert code == 1
    assert _one_line(err) == (
        f"error: grant-reader: {login} owns 1 object(s) in this database and could write "
        "them; name a role of its own"
    )


# --- SQLite: no new files, and a writer killed mid-transaction -----------------------------------


def _missing(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'mistyped.db'}"


MISSING = (
    "no SQLite database at '{path}': check the path, or create one with "
    "`dossier build --db sqlite:///FILE`"
)


@pytest.mark.parametrize(
    ("argv", "prefix"),
    [
        (["query", "SELECT 1"], "query: "),
        (["export", "--format", "csv", "--out", "{tmp}/csv"], "export: "),
        (["export", "--format", "ftm", "--out", "{tmp}/out.ftm"], "export: "),
        (["serve", "--port", "1"], "serve: "),
        (["unload", "some-document"], ""),
    ],
)
def test_a_mistyped_sqlite_path_creates_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], prefix: str
) -> None:
    code, _, err = _run(capsys, *[a.format(tmp=tmp_path) for a in argv], "--db", _missing(tmp_path))
    assert code == 1
    path = tmp_path / "mistyped.db"
    assert _one_line(err) == f"error: {prefix}{MISSING.format(path=path)}"
    assert list(tmp_path.iterdir()) == []


def _kill_a_writer_mid_transaction(path: Path) -> None:
    """A writer that changed the file and was killed before COMMIT: a hot journal remains."""
    code = (
        "import os, signal, sqlite3\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 1')\n"
        "c.execute('BEGIN')\n"
        "c.execute(\"UPDATE actors SET name = name || ' changed'\")\n"
        "c.execute('DELETE FROM demands')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False)
    assert done.returncode == -signal.SIGKILL
    assert Path(f"{path}-journal").stat().st_size > 0, "a hot journal is left"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("command", ["query", "export", "serve"])
def test_read_commands_recover_a_killed_writers_journal(
    built_engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    path = Path(str(make_url(_url(built_engine)).database))
    before = dump(built_engine)
    built_engine.dispose()
    bytes_before = path.read_bytes()
    _kill_a_writer_mid_transaction(path)
    assert path.read_bytes() != bytes_before, "the killed writer changed the file itself"
    url = _url(built_engine)
    if command == "query":
        code, out, err = _run(capsys, "query", "--db", url, "SELECT count(*) AS n FROM demands")
        assert (code, err) == (0, "")
        assert out.splitlines()[2] == str(len(before["demands"]))
    elif command == "export":
        code, _, err = _run(
            capsys, "-q", "export", "--db", url, "--format", "csv", "--out", str(tmp_path / "c")
        )
        assert (code, err) == (0, "")
        lines = (tmp_path / "c" / "v_demands.csv").read_text("utf-8").splitlines()
        assert len(lines) > 1
    else:
        from scripts import cmd_serve

        assert cmd_serve.check_servable(url) == path
    assert not Path(f"{path}-journal").exists()
    assert path.read_bytes() == bytes_before
    assert dump(built_engine) == before


# --- exports: all or nothing ---------------------------------------------------------------------


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_blocked_by_a_folder_changes_no_file(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / f"v_evidence.{fmt}").write_text("an old export\n")
    (out / f"v_actors.{fmt}").write_text("another old export\n")
    (out / f"v_sanctions.{fmt}").mkdir()
    (out / "notes.txt").write_text("the user's own\n")
    before = _tree(tmp_path)
    code, _, err = _run(
        capsys, "export", "--db", _url(built_engine), "--format", fmt, "--out", str(out)
    )
    assert code == 1
    assert _one_line(err) == (
        f"error: export: {out / f'v_sanctions.{fmt}'} is a folder (or not a file), where the "
        "export writes a file; nothing was changed"
    )
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("fmt", ["csv", "ftm"])
def test_an_export_under_a_file_or_proc_is_one_worded_line(
    built_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    before = _tree(tmp_path)
    for out, reason in (
        (blocker / "sub" / "out", f"{blocker} is a file, not a folder"),
        (Path("/proc/dossier/out"), "/proc is the kernel's, not a folder for files"),
    ):
        code, _, err = _run(
            capsys, "export", "--db", _url(built_engine), "--format", fmt, "--out", str(out)
        )
        assert code == 1
        assert _one_line(err) == f"error: export: cannot write {out}: {reason}"
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("fmt", ["csv", "ftm"])
def test_an_export_replaces_old_files_whole(built_engine: Engine, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "new" / ("export.ftm" if fmt == "ftm" else "views")
    argv = ["-q", "export", "--db", _url(built_engine), "--format", fmt, "--out", str(out)]
    assert main(argv) == 0
    first = _tree(tmp_path)
    assert main(argv) == 0, "an export over its own earlier export"
    assert _tree(tmp_path) == first
    assert not [p for p in tmp_path.rglob(".*")], "nothing temporary is left"


# --- dossier new ---------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["abc\n", "Abc", "-abc", "a b", "abc/def", "ab_c", "a" * 201])
def test_new_refuses_a_slug_outside_the_key_pattern(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], slug: str
) -> None:
    text_file = tmp_path / "text.txt"
    text_file.write_text("Some words.")
    docs = tmp_path / "docs"
    code, _, err = _run(capsys, "new", "--text", str(text_file), "--dir", str(docs), "--", slug)
    assert code == 1
    assert _one_line(err) == (
        f"error: {docs}: slug {slug!r}: a slug is lower-case letters, digits and '-', starting "
        "with a letter or digit, at most 200 characters"
    )
    assert not docs.exists()


def test_an_interrupted_new_leaves_no_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text_file = tmp_path / "text.txt"
    text_file.write_text("Some words.")
    docs = tmp_path / "docs"
    docs.mkdir()

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    # The text is written; then, writing the facts file, the curator presses Ctrl-C.
    monkeypatch.setattr(seeds.scaffold, "TEMPLATE", type("T", (), {"format": interrupted})())
    code, _, err = _run(capsys, "new", "my-doc", "--text", str(text_file), "--dir", str(docs))
    assert code == 130
    assert _one_line(err) == "error: interrupted; nothing was written"
    assert list(docs.iterdir()) == []
    monkeypatch.undo()
    assert main(["-q", "new", "my-doc", "--text", str(text_file), "--dir", str(docs)]) == 0
    assert sorted(p.name for p in (docs / "my-doc").iterdir()) == ["facts.yaml", "text.txt"]
    assert os.stat(docs / "my-doc").st_mode & 0o777 == 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
