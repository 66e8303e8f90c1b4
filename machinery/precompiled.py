"""Querysets compiled to SQL once per database connection, then run with new values.

Turning a queryset into SQL is pure Python work that Django repeats on every evaluation:
for the question page's queries it costs more than PostgreSQL takes to plan and run
them. A page whose queries have a fixed shape and
differ only in a value or two (a question's id) can compile them once:

    question_query = Precompiled(lambda pk: Question.objects.public().filter(pk=pk))
    rows = question_query(42)  # a list of Question instances, like list(queryset)

It relies on two things Django does not promise: a queryset is run through
`query.get_compiler()`, and the compiler's `as_sql()` gives the SQL it executes. Both are
fenced: each run checks that its SQL was the one executed, and if Django ever stops
asking for it, the rows are read the ordinary way (`build(*values)`), with a warning,
from then on. tests/machinery/test_fences.py fails on such a Django.

Values are integers (ids) or strings passed through unchanged to a parameter (a raw
tsquery). The builder is called once per connection (and kinds of values) with placeholder
values; the SQL and the compiler's column map are kept, and later calls only swap the
placeholders in the parameters, wherever each appears. Only use it for querysets whose SQL
does not depend on the values (no `__in` lists whose length varies, no value-dependent
Python branches in the builder).
"""

import copy
import logging
import threading

from django.db import connections, router

logger = logging.getLogger(__name__)

# Distinct enough never to be a real parameter value.
_PLACEHOLDERS = (-730_914_221, -730_914_222, -730_914_223)
_TEXT_PLACEHOLDERS = ("\x01precompiled-1\x01", "\x01precompiled-2\x01", "\x01precompiled-3\x01")
BIGINT = 2**63 - 1


class Precompiled:
    # False once Django ran a query without asking the compiler for its SQL.
    hooks_work = True

    def __init__(self, build, *, using: str | None = None):
        self.build = build
        self.using = using  # None: where the database routers send the model's reads
        self._model = None
        # Per thread (Django's connections are per thread): the compiled query holds its
        # connection, so a cache keyed by connection would keep every thread's forever.
        self._local = threading.local()

    def _alias(self, kinds: tuple) -> str:
        if self.using is not None:
            return self.using
        if self._model is None:
            self._model = self.build(*self._placeholders(kinds)).model
        return router.db_for_read(self._model)

    @staticmethod
    def _placeholders(kinds: tuple) -> list:
        return [
            (_TEXT_PLACEHOLDERS if kind is str else _PLACEHOLDERS)[index]
            for index, kind in enumerate(kinds)
        ]

    def _compile(self, alias: str, connection, kinds: tuple):
        placeholders = self._placeholders(kinds)
        queryset = self.build(*placeholders).using(alias)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        slots = []
        for placeholder in placeholders:
            positions = [i for i, value in enumerate(params) if value == placeholder]
            if not positions:
                raise ValueError("Each value must appear in the query's parameters as given.")
            slots.append(positions)
        return queryset, compiler, sql, tuple(params), slots

    def __call__(self, *values) -> list:
        # The values skip the field's checks: an id no column can hold matches nothing
        # (as the ORM's own lookups decide), rather than failing in the database driver.
        if any(isinstance(value, int) and not -BIGINT <= value <= BIGINT for value in values):
            return []
        if not Precompiled.hooks_work:
            return list(self.build(*values))
        kinds = tuple(str if isinstance(value, str) else int for value in values)
        alias = self._alias(kinds)
        connection = connections[alias]
        # Compiled per database (the primary, a replica), kept while its connection lives.
        known = getattr(self._local, "compiled", None)
        if known is None:
            known = self._local.compiled = {}
        if known.get(alias, (None,))[0] is not connection:
            known[alias] = (connection, {})
        by_kinds = known[alias][1]
        compiled = by_kinds.get(kinds)
        if compiled is None:
            compiled = by_kinds[kinds] = self._compile(alias, connection, kinds)
        queryset, compiler, sql, params, slots = compiled
        params = list(params)
        for positions, value in zip(slots, values, strict=True):
            for position in positions:
                params[position] = value
        asked = []

        def as_sql(*args, **kwargs):
            asked.append(True)
            return sql, tuple(params)

        run = copy.copy(compiler)
        run.as_sql = as_sql
        clone = queryset.all()
        clone.query.get_compiler = lambda *args, **kwargs: run
        rows = list(clone)
        if asked:
            return rows
        # The rows just read came from the placeholders' query: never use them.
        Precompiled.hooks_work = False
        logger.warning("Django ran a precompiled query without its SQL: compiling as usual")
        return list(self.build(*values))
