"""Querysets compiled to SQL once per connection, then run again with new values.

A public page the page cache does not answer runs a few small queries. The ORM spends
about 0.3 ms of Python building and compiling each, several times what the database
takes to answer it. So a hot page declares its querysets once, with the ORM and the
models' own methods (`published()`, `cards()`), and this module compiles each one the
first time a connection needs it and afterwards only runs the same SQL with that call's
values: the rules stay in one place and the SQL is the ORM's own.

    live_page = CompiledQuery(lambda slug, now: Condition.objects.published(now).filter(slug=slug))
    page = live_page.first(slug="upper-back-pain", now=timezone.now())

The values a query takes must reach the SQL unchanged or as a datetime column value:
strings, integers and aware datetimes, each passed by keyword. A query is compiled with
unique stand-ins for them, whose places in the SQL's parameters are then known.

A query is compiled per connection and per active language: translated fields
(django-modeltranslation) resolve to the active language's columns when the queryset
is built.
"""

import itertools
import uuid
from datetime import UTC, datetime
from functools import partial

from django.db import connections
from django.db.models.query import get_related_populators
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

_stand_in_numbers = itertools.count(1)


def _stand_in(value):
    """A value of the same kind as `value` that no query holds by chance."""
    number = next(_stand_in_numbers)
    if isinstance(value, datetime):
        return datetime(1901, 1, 1, tzinfo=UTC).replace(microsecond=number % 1_000_000)
    if isinstance(value, bool):
        raise TypeError("Compiled queries take no booleans: write them into the queryset.")
    if isinstance(value, int):
        return -(10**15) - number
    if isinstance(value, str):
        return f"stand-in-{uuid.uuid4().hex}"
    raise TypeError(f"Compiled queries take strings, integers and datetimes, not {value!r}.")


class _Compiled:
    """One queryset's SQL on one connection, and what turns its rows into instances."""

    def __init__(self, queryset, stand_ins, connection):
        compiler = queryset.query.get_compiler(connection=connection)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.slots = {}
        for name, stand_in in stand_ins.items():
            adapted = self._adapt(connection, stand_in)
            self.slots[name] = [i for i, param in enumerate(self.params) if param == adapted]
            if not self.slots[name]:
                raise ValueError(f"The value of {name!r} does not reach the query's SQL.")
        self.compiler = compiler
        # What turns each column into its field's Python value (dates and JSON on SQLite).
        self.converters = compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        )
        klass_info = compiler.klass_info
        fields = klass_info["select_fields"]
        self.model = klass_info["model"]
        self.model_columns = slice(fields[0], fields[-1] + 1)
        self.field_names = [
            column[0].target.attname for column in compiler.select[self.model_columns]
        ]
        self.db = queryset.db
        # Rows of select_related() models, attached as the ORM attaches them.
        self.related_populators = get_related_populators(klass_info, compiler.select, self.db)

    @staticmethod
    def _adapt(connection, value):
        if isinstance(value, datetime):
            return connection.ops.adapt_datetimefield_value(value)
        return value

    def run(self, values):
        connection = self.compiler.connection
        params = list(self.params)
        for name, value in values.items():
            adapted = self._adapt(connection, value)
            for index in self.slots[name]:
                params[index] = adapted
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        found = []
        for row in rows:
            instance = self.model.from_db(self.db, self.field_names, row[self.model_columns])
            for populator in self.related_populators:
                populator.populate(row, instance)
            found.append(instance)
        return found


class CompiledQuery:
    """A queryset built by `build(**values)`, compiled once per database connection."""

    def __init__(self, build):
        self.build = build
        self.alias = None  # the database the router gave the first queryset built
        self._compiled = {}

    def __call__(self, **values):
        """The model instances the queryset gives for these values, as a list."""
        compiled = self._compiled.get(self._connection_key())
        if compiled is None:
            compiled = self._compile(values)
        return compiled.run(values)

    def lazy(self, **values):
        """The same list, fetched the first time something reads it: a template fragment
        found in the cache ({% cache %}) never runs the queries it would have shown."""
        return SimpleLazyObject(partial(self, **values))

    def first(self, **values):
        found = self(**values)
        return found[0] if found else None

    def _connection_key(self):
        # Per connection object (each thread of a threaded server has its own) and language.
        return (connections[self.alias] if self.alias else None, get_language())

    def _compile(self, values):
        stand_ins = {name: _stand_in(value) for name, value in values.items()}
        queryset = self.build(**stand_ins)
        self.alias = queryset.db
        connection = connections[self.alias]
        compiled = _Compiled(queryset, stand_ins, connection)
        self._compiled[connection, get_language()] = compiled
        return compiled
