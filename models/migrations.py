"""Run Alembic from Python: the one way the schema is built (CLI and tests share it)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from models.database import SQLITE_BEGIN_OPTION, DatabaseMissing

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic's config for this project; with `engine`, migrations run on that database."""
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.attributes["configure_logging"] = False
    if engine is not None:
        config.attributes["engine"] = engine
    return config


# Serializes schema changes on one PostgreSQL database (any constant will do).
PG_MIGRATION_LOCK = 0x6D696772


def _run(engine: Engine, action: str, target: str) -> None:
    """Migrate in one transaction; racing runs wait for each other, then find nothing to do."""
    config = alembic_config(engine)
    # On SQLite, take the write lock up front (waiting up to the busy timeout for it).
    with engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"}).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        getattr(command, action)(config, target)


def upgrade(engine: Engine, target: str = "head") -> None:
    _run(engine, "upgrade", target)


def downgrade(engine: Engine, target: str = "base") -> None:
    _run(engine, "downgrade", target)


def require_built(engine: Engine) -> None:
    """DatabaseMissing, worded for the user, unless the schema of `engine`'s database is at
    head: a load into a database not built (or built by an older Dossier) would fail on a
    missing table or column, with the driver's words."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    where = engine.url.render_as_string(hide_password=True)
    if current is None:
        raise DatabaseMissing(
            f"the database {where} is not built: run `dossier build` (with the same --db) first"
        )
    if current != head:
        raise DatabaseMissing(
            f"the database {where} has the schema of revision {current}, not {head}: "
            "run `dossier build` (with the same --db) to upgrade it"
        )
