"""Fixtures: every database test runs on SQLite and on a real PostgreSQL server.

The suite starts its own throwaway PostgreSQL unless $DOSSIER_TEST_POSTGRES_URL names a server
(any database on it; each test gets a fresh database of its own). Without PostgreSQL the
PostgreSQL leg skips with the reason; under CI=true it fails instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from alembic.config import Config
from sqlalchemy import Engine

from models.database import URL_ENV, make_engine, resolve_url
from models.migrations import alembic_config as project_alembic_config
from models.migrations import upgrade
from scripts.throwaway_postgres import PostgresUnavailable, throwaway_postgres
from seeds import DOCUMENTS_DIR
from seeds.loader import load
from tests.dbcontent import fresh_postgres_database

ENGINES = ("sqlite", "postgresql")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(autouse=True)
def no_database_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests name their databases: a developer's $DOSSIER_DATABASE_URL must not choose one
    (`dossier check` would check against it, `dossier keys` list it)."""
    monkeypatch.delenv(URL_ENV, raising=False)


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A URL of a PostgreSQL server the suite may create databases on."""
    given = os.environ.get("DOSSIER_TEST_POSTGRES_URL")
    if given:
        yield resolve_url(given)
        return
    with ExitStack() as stack:
        try:
            url = stack.enter_context(throwaway_postgres())
        except PostgresUnavailable as exc:
            if IN_CI:
                pytest.fail(f"PostgreSQL leg required under CI but unavailable: {exc}")
            pytest.skip(f"PostgreSQL leg skipped: {exc}")
        yield resolve_url(url)


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'dossier.db'}"
    else:
        with fresh_postgres_database(request.getfixturevalue("postgres_server_url")) as url:
            yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def migrated_engine(engine: Engine) -> Engine:
    """The schema at head, no data."""
    upgrade(engine)
    return engine


@pytest.fixture
def built_engine(migrated_engine: Engine) -> Engine:
    """The schema at head with every seed loaded, as `dossier build` leaves it."""
    load(migrated_engine, [DOCUMENTS_DIR])
    return migrated_engine


@pytest.fixture
def second_database_url(
    database_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """Another empty database on the same engine as `database_url`."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'second.db'}"
        return
    with fresh_postgres_database(request.getfixturevalue("postgres_server_url")) as url:
        yield url


@pytest.fixture
def seeded_pair(tmp_path: Path, postgres_server_url: str) -> Iterator[tuple[Engine, Engine]]:
    """The seeds built into a SQLite file and into a fresh PostgreSQL database, for parity."""
    with fresh_postgres_database(postgres_server_url, "dossier_parity") as url:
        engines = (make_engine(f"sqlite:///{tmp_path / 'parity.db'}"), make_engine(url))
        try:
            for engine in engines:
                upgrade(engine)
                load(engine, [DOCUMENTS_DIR])
            yield engines
        finally:
            for engine in engines:
                engine.dispose()


# pytest-alembic runs its built-in tests against the same two engines.
@pytest.fixture
def alembic_engine(engine: Engine) -> Engine:
    return engine


@pytest.fixture
def alembic_config() -> Config:
    return project_alembic_config()
