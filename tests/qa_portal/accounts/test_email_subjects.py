"""E-mail subjects are plain text: a site name with "&" is not HTML-escaped in them."""

import pytest
from django.template.loader import render_to_string


@pytest.mark.parametrize(
    "template",
    [
        "registration/factors_reset_email_subject.txt",
        "registration/new_browser_email_subject.txt",
        "specialists/email/invitation_subject.txt",
    ],
)
def test_a_subject_is_not_html_escaped(template):
    assert "Q&A" in render_to_string(template, {"site_name": "Q&A"})
