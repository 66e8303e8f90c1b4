"""Marking the words found (questions.search.highlight)."""

from questions.search.highlight import highlight


def test_highlight_escapes_everything_but_the_marks():
    html = highlight("<b>Leg</b> jerks & <script>x</script>", ["leg"])
    assert html == "&lt;b&gt;<mark>Leg</mark>&lt;/b&gt; jerks &amp; &lt;script&gt;x&lt;/script&gt;"


def test_highlight_marks_word_starts_only():
    """'sleep' is marked in 'Sleep' and 'sleeping', not inside 'asleep'."""
    html = highlight("I fall asleep; sleeping is hard. Sleep!", ["sleep"])
    assert html == "I fall asleep; <mark>sleep</mark>ing is hard. <mark>Sleep</mark>!"


def test_a_four_letter_word_is_marked_whole():
    """Marking keeps a four-letter word's "s" ("legs" is not "leg", which would mark
    "legal" too), while matching strips it ("jerks" marks "jerk" and "jerking")."""
    html = highlight("Both legs ache; a legal matter.", ["legs"])
    assert html == "Both <mark>legs</mark> ache; a legal matter."
    assert highlight("Jerking at night", ["jerks"]) == "<mark>Jerk</mark>ing at night"
