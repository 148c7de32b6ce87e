"""Run Alembic from Python: the one way the schema is built (CLI and tests share it)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

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


def _run(engine: Engine, action: str, target: str) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, target)


def upgrade(engine: Engine, target: str = "head") -> None:
    _run(engine, "upgrade", target)


def downgrade(engine: Engine, target: str = "base") -> None:
    _run(engine, "downgrade", target)
