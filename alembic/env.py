"""Alembic environment: one URL rule with the CLI, batch mode on SQLite, FKs enforced."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from alembic.operations import batch
from sqlalchemy import Column, Connection, Engine, Index
from sqlalchemy.exc import SAWarning
from sqlalchemy.sql.schema import SchemaItem

from models import Base
from models.database import make_engine
from models.search import is_search_table

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _batch_constraints_sorted_by_name() -> None:
    """Batch mode (SQLite) rebuilds a table with its named constraints in the order a set of
    them happens to iterate, which differs from run to run, so two builds gave different
    schema text (issue 16). Sorted by name, they come out the same every time."""
    grab = batch.ApplyBatchImpl._grab_table_elements
    if getattr(grab, "sorted_by_name", False):
        return

    def grab_sorted(self: batch.ApplyBatchImpl) -> None:
        grab(self)
        self.named_constraints = dict(sorted(self.named_constraints.items()))

    grab_sorted.sorted_by_name = True  # type: ignore[attr-defined]
    batch.ApplyBatchImpl._grab_table_elements = grab_sorted  # type: ignore[method-assign]


_batch_constraints_sorted_by_name()


def _is_expression_index(index: Index) -> bool:
    return any(not isinstance(expression, Column) for expression in index.expressions)


# The models' indexes on expressions (ix_actors_label, PostgreSQL's dossier_iso_date ones).
EXPRESSION_INDEXES = frozenset(
    str(index.name)
    for table in target_metadata.tables.values()
    for index in table.indexes
    if _is_expression_index(index)
)


def _include_object(
    item: SchemaItem, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """On SQLite, leave the models' expression indexes out of the comparison.

    SQLAlchemy cannot reflect them there (it skips them with a warning), so each would show
    as missing from the database. tests/test_migrations.py checks instead that they exist
    there by name. PostgreSQL reflects and compares them like any index.
    """
    if type_ != "index" or reflected or not isinstance(item, Index):
        return True
    return not (context.get_context().dialect.name == "sqlite" and _is_expression_index(item))


def _include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the full-text search tables (migration 0021: FTS5's on SQLite, the vectors' on
    PostgreSQL) out of the comparison: they are no models' tables. tests/test_search.py
    checks that they are built."""
    return not (type_ == "table" and name is not None and is_search_table(name))


@contextmanager
def _expression_indexes_unreflected(connection: Connection) -> Iterator[None]:
    """On SQLite, silence the two warnings that say the models' expression indexes are not
    reflected (SQLAlchemy's SAWarning, an error in the tests; alembic's note that it skips
    comparing them): expected, and handled by _include_object. Matched by message and index
    name, for this run only; any other index failing to reflect still warns."""
    with warnings.catch_warnings():
        if connection.dialect.name == "sqlite":
            for name in EXPRESSION_INDEXES:
                warnings.filterwarnings(
                    "ignore",
                    message="Skipped unsupported reflection of expression-based index "
                    + re.escape(name)
                    + "$",
                    category=SAWarning,
                )
                warnings.filterwarnings(
                    "ignore",
                    message="autogenerate skipping metadata-specified expression-based index "
                    + re.escape(repr(name))
                    + ";",
                    category=UserWarning,
                )
        yield


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
        transaction_per_migration=False,
        include_object=_include_object,
        include_name=_include_name,
    )


def _run(connection: Connection) -> None:
    _configure(connection)
    with _expression_indexes_unreflected(connection), context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if isinstance(connection, Engine):  # pytest-alembic may lend an engine
        with connection.connect() as lent:
            _run(lent)
            lent.commit()
        return
    if connection is not None:
        # A caller (the CLI, the tests) lends its own connection and transaction.
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("db")
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def run_migrations_offline() -> None:
    from models.database import resolve_url

    url = context.get_x_argument(as_dictionary=True).get("db")
    context.configure(
        url=resolve_url(url),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
