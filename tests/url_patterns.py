"""Every URL pattern the site answers, read from the resolver (admin included), for the
tests that must cover all of them: the authorization table and the hostile URL walk."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or "route:<pattern>" for the admin's unnamed patterns
    pattern: str  # the whole pattern, prefixes joined
    converters: tuple[str, ...]  # the names of its keyword arguments, in order
    is_regex: bool

    @property
    def name(self) -> str | None:
        return None if self.key.startswith("route:") else self.key


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = f"route:{pattern}"
            regex = entry.pattern.regex
            yield Route(
                key=key,
                pattern=pattern,
                converters=tuple(regex.groupindex),
                is_regex=not hasattr(entry.pattern, "converters") or "(?P<" in str(entry.pattern),
            )


def all_routes() -> list[Route]:
    return list(_walk(get_resolver()))
