"""Querysets compiled to SQL once per database connection, then run with new values.

Turning a queryset into SQL is pure Python work that Django repeats on every evaluation:
for the question page's two queries it cost more than PostgreSQL took to plan and run
them (about 0.5 ms each of a 6 ms page). A page whose queries have a fixed shape and
differ only in a value or two (a question's id) can compile them once:

    question_query = Precompiled(lambda pk: Question.objects.public().filter(pk=pk))
    rows = question_query(42)  # a list of Question instances, like list(queryset)

Values are integers (ids). The builder is called once per connection with a placeholder
value; the SQL and the compiler's column map are kept, and later calls only swap the
placeholder in the parameters. Only use it for querysets whose SQL does not depend on the values (no
`__in` lists whose length varies, no value-dependent Python branches in the builder).
"""

import copy
import threading
import weakref

from django.db import connections

# Distinct enough never to be a real parameter value.
_PLACEHOLDERS = (-730_914_221, -730_914_222, -730_914_223)
BIGINT = 2**63 - 1


class Precompiled:
    def __init__(self, build, *, using: str = "default"):
        self.build = build
        self.using = using
        self._compiled = weakref.WeakKeyDictionary()  # connection -> (queryset, compiler, slots)
        self._lock = threading.Lock()

    def _compile(self, connection, arity: int):
        queryset = self.build(*_PLACEHOLDERS[:arity])
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        slots = []
        for placeholder in _PLACEHOLDERS[:arity]:
            positions = [i for i, value in enumerate(params) if value == placeholder]
            if len(positions) != 1:
                raise ValueError("Each value must appear exactly once in the query's parameters.")
            slots.append(positions[0])
        return queryset, compiler, sql, tuple(params), slots

    def __call__(self, *values) -> list:
        # The values skip the field's checks: an id no column can hold matches nothing
        # (as the ORM's own lookups decide), rather than failing in the database driver.
        if any(not -BIGINT <= value <= BIGINT for value in values):
            return []
        connection = connections[self.using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            with self._lock:
                compiled = self._compiled[connection] = self._compile(connection, len(values))
        queryset, compiler, sql, params, slots = compiled
        params = list(params)
        for slot, value in zip(slots, values, strict=True):
            params[slot] = value
        run = copy.copy(compiler)
        run.as_sql = lambda *args, **kwargs: (sql, tuple(params))
        clone = queryset.all()
        clone.query.get_compiler = lambda *args, **kwargs: run
        return list(clone)
