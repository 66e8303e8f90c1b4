"""machinery.text.shorten: truncatechars' result, faster."""

from django.template.defaultfilters import truncatechars

from machinery.text import shorten


def test_shorten_gives_what_truncatechars_gives():
    for text in [
        "short",
        "x" * 300,
        "Leg jerks at night " * 20,
        "失眠好幾個月" * 40,
        "e\u0301" * 100,
    ]:
        assert shorten(text, 155) == truncatechars(text, 155)
