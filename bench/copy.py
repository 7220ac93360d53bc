"""Fast inserts for the seeder: COPY built from Django's own field metadata.

Rows are model instances, so every column (defaults included) is prepared exactly as
`save()` would prepare it, and a column another migration adds is filled from its
field's default without the seeder knowing about it. Primary keys come from the
table's own sequence, reserved in one statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models
from psycopg import sql


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys from the table's sequence."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column if model._meta.pk else "id", count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_objects(model: type[models.Model], objects: Iterable[models.Model]) -> int:
    """COPY the instances (primary keys already set) into the model's table."""
    fields = list(model._meta.concrete_fields)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table),
        sql.SQL(", ").join(sql.Identifier(field.column) for field in fields),
    )
    written = 0
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(statement) as copy:
            for obj in objects:
                copy.write_row(
                    [
                        field.get_db_prep_save(getattr(obj, field.attname), connection)
                        for field in fields
                    ]
                )
                written += 1
    return written


def copy_pairs(
    through: type[models.Model], left: str, right: str, pairs: Iterable[tuple[Any, Any]]
) -> int:
    """COPY rows of an auto-created many-to-many table (its id from its default)."""
    table = through._meta.db_table
    left_column = str(getattr(through._meta.get_field(left), "column"))  # noqa: B009
    right_column = str(getattr(through._meta.get_field(right), "column"))  # noqa: B009
    statement = sql.SQL("COPY {} ({}, {}) FROM STDIN").format(
        sql.Identifier(table), sql.Identifier(left_column), sql.Identifier(right_column)
    )
    written = 0
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor
        with raw.copy(statement) as copy:
            for pair in pairs:
                copy.write_row(pair)
                written += 1
    return written


def analyze(*models_: type[models.Model]) -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would give them later."""
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(model._meta.db_table)))


def vacuum(*models_: type[models.Model]) -> None:
    """Dead rows cleared, the visibility map set and fresh statistics, after a bulk load
    or delete, as autovacuum would do later; outside a transaction."""
    with connection.cursor() as cursor:
        for model in models_:
            table = sql.Identifier(model._meta.db_table)
            cursor.execute(sql.SQL("VACUUM (ANALYZE) {}").format(table))
