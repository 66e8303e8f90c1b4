from datetime import UTC, datetime

from django.template import Context, Template
from django.utils import timezone

from questions.templatetags.questions_tags import html_datetime


def test_html_datetime_is_local_time_to_the_second():
    """<time datetime> values: the current time zone, no fraction of a second (HTML allows
    at most three decimals; date:'c' writes six)."""
    moment = datetime(2000, 11, 28, 1, 30, 5, 123456, tzinfo=UTC)
    with timezone.override("Asia/Taipei"):
        assert html_datetime(moment) == "2000-11-28T09:30:05+08:00"
        rendered = Template(
            '{% load questions_tags %}<time datetime="{{ when|html_datetime }}">'
        ).render(Context({"when": moment}))
    assert rendered == '<time datetime="2000-11-28T09:30:05+08:00">'
    assert html_datetime(None) == ""
