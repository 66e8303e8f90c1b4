"""E-mail subjects are plain text: a site name with "&" is not HTML-escaped in them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

SUBJECTS = sorted(
    str(path.relative_to(settings.BASE_DIR / "templates"))
    for path in (settings.BASE_DIR / "templates").rglob("*_subject.txt")
)


def test_every_subject_template_is_checked():
    assert len(SUBJECTS) >= 12 and all(Path(name).suffix == ".txt" for name in SUBJECTS)


@pytest.mark.parametrize("template", SUBJECTS)
def test_a_subject_is_not_html_escaped(template):
    assert "Q&A" in render_to_string(template, {"site_name": "Q&A", "what": "x", "new": 1})
