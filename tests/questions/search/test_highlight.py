"""Marking the words found (questions.search.highlight)."""

from questions.search.highlight import highlight


def test_highlight_escapes_everything_but_the_marks():
    html = highlight("<b>Leg</b> jerks & <script>x</script>", ["leg"])
    assert html == "&lt;b&gt;<mark>Leg</mark>&lt;/b&gt; jerks &amp; &lt;script&gt;x&lt;/script&gt;"


def test_highlight_marks_word_starts_only():
    """'sleep' is marked in 'Sleep' and 'sleeping', not inside 'asleep'."""
    html = highlight("I fall asleep; sleeping is hard. Sleep!", ["sleep"])
    assert html == "I fall asleep; <mark>sleep</mark>ing is hard. <mark>Sleep</mark>!"
