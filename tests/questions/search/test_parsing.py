"""Reading what a reader typed into the search box (questions.search.parsing)."""

from questions.search.parsing import parse_query


def test_parse_query():
    parsed = parse_query('leg "hypnic jerk" -coffee OR tremor')
    assert parsed.groups == [["leg", "hypnic jerk"], ["tremor"]]
    assert parsed.excluded == ["coffee"]
    assert parse_query("\x00!!!").is_empty
