"""Lookups the ORM gets on top of Django's own."""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import IntegerField
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """`in` for an integer column, leaving out the values it cannot hold: they can
    never match. With server-side binding (settings.DATABASE_OPTIONS) psycopg sends
    each value as a typed parameter and raises OverflowError for, say, 10**20 against
    an int4 column, where a literal in the SQL text simply matched nothing. Django
    guards exact, gt, gte, lt and lte the same way; not `in`."""

    def process_rhs(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        if self.rhs_is_direct_value():
            kind = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(kind)
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
