import json
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


def test_shorten_cuts_as_truncatechars_does_and_escapes():
    """`shorten:N` keeps short text whole, cuts long text to N characters ending in an
    ellipsis (truncatechars' result), and the cut text is still escaped."""
    template = Template("{% load questions_tags %}{{ text|shorten:10 }}")
    assert template.render(Context({"text": "short"})) == "short"
    assert template.render(Context({"text": "exactly 10"})) == "exactly 10"
    assert template.render(Context({"text": "a longer body of text"})) == "a longer …"
    assert template.render(Context({"text": "<b>bold</b> words"})) == "&lt;b&gt;bold&lt;/…"
    decomposed = "Vie\u0323\u0302t Nam co\u0301 nhie\u0302\u0300u"  # typed letter + accents
    for text in (
        "short",
        "exactly 10",
        "a longer body of text",
        "頭痛已經持續了三個星期了",
        decomposed,
    ):
        plain = Template("{{ text|truncatechars:10 }}").render(Context({"text": text}))
        assert template.render(Context({"text": text})) == plain


def test_json_ld_cannot_close_its_script_element():
    """Text in the structured data is escaped so that `</script>` or `<!--` cannot end or
    change the data block, and it stays the same JSON."""
    from questions.templatetags.questions_tags import ld_json

    html = ld_json({"name": "</script><script>alert(1)</script> & <!-- 頭痛"})
    assert "</script><script>" not in html
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body) == {"name": "</script><script>alert(1)</script> & <!-- 頭痛"}


def test_date_element_is_the_local_date_with_the_moment_for_machines():
    """`{% date_element %}` writes the site's date in local time (17:30 UTC on the 27th is
    the 28th in Taipei) and the moment to the second for machines."""
    moment = datetime(2000, 11, 27, 17, 30, 5, 123456, tzinfo=UTC)
    template = Template("{% load questions_tags %}{% date_element when %}")
    with timezone.override("Asia/Taipei"):
        rendered = template.render(Context({"when": moment}))
    assert rendered == '<time datetime="2000-11-28T01:30:05+08:00">2000/11/28</time>'
    assert template.render(Context({"when": None})) == ""
