"""Questions (questions.models.questions): their slug, what the database refuses, who may
see which, and what lists show."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from questions.models import Question
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    DoctorFactory,
    QuestionFactory,
    UserFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db


def test_slug_comes_from_headline_then_title():
    """The URL slug follows the staff headline when there is one, else the patient's title."""
    question = QuestionFactory(title="Twitching feet at night?", headline="")
    assert question.slug == "twitching-feet-at-night"
    question.headline = "Involuntary Limb Jerks During Sleep"
    question.save()
    assert question.slug == "involuntary-limb-jerks-during-sleep"
    assert question.get_absolute_url() == (
        f"/questions/{question.pk}/involuntary-limb-jerks-during-sleep/"
    )


def test_chinese_title_keeps_a_readable_slug():
    """A title in Chinese gives a Unicode slug, never an empty one."""
    question = QuestionFactory(title="失眠好幾個月怎麼辦", headline="")
    assert question.slug == "失眠好幾個月怎麼辦"
    assert QuestionFactory(title="???", headline="").slug == "question"


def test_str_never_contains_the_body():
    """__str__ names the question without its body, which may hold health data."""
    question = QuestionFactory(body="My secret diagnosis is written here in detail.")
    assert "secret" not in str(question)


def test_database_rejects_unknown_status():
    """A status outside the known values is refused by the database."""
    question = QuestionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(status="published")


def test_database_rejects_answered_without_date():
    """An answered question must carry its answered date."""
    question = QuestionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(status="answered", answered_at=None)


def test_database_rejects_unknown_age_range_and_gender():
    """Age range and gender are limited to their choices in the database too."""
    question = QuestionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(age_range="200~209")
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(gender="x")


def test_deleting_the_author_keeps_the_question():
    """When a patient's account goes, their question stays with its nickname only."""
    question = AnsweredQuestionFactory()
    question.author.delete()
    question.refresh_from_db()
    assert question.author is None
    assert question.nickname


class TestVisibility:
    """Only answered questions are public; others are visible to author, department, staff."""

    @pytest.fixture
    def questions(self):
        department = DepartmentFactory()
        return {
            status: QuestionFactory(
                department=department,
                status=status,
                answered_at=days_ago(1) if status == "answered" else None,
            )
            for status in Question.Status.values
        }

    def visible(self, user, questions):
        ids = set(Question.objects.visible_to(user).values_list("pk", flat=True))
        return {status for status, question in questions.items() if question.pk in ids}

    def test_public_is_answered_only(self, questions):
        assert set(Question.objects.public()) == {questions["answered"]}

    def test_anonymous_and_other_patient_see_only_answered(self, questions):
        assert self.visible(AnonymousUser(), questions) == {"answered"}
        assert self.visible(UserFactory(), questions) == {"answered"}

    def test_author_sees_their_own(self, questions):
        author = questions["open"].author
        assert self.visible(author, questions) == {"answered", "open"}

    def test_doctor_of_the_department_sees_its_questions_but_not_withdrawn(self, questions):
        """The patient was promised that doctors no longer see a withdrawn question."""
        doctor = DoctorFactory(department=questions["open"].department)
        assert self.visible(doctor.user, questions) == set(Question.Status.values) - {"withdrawn"}

    def test_doctor_of_another_department_sees_only_answered(self, questions):
        doctor = DoctorFactory()
        assert self.visible(doctor.user, questions) == {"answered"}

    def test_inactive_doctor_sees_only_answered(self, questions):
        doctor = DoctorFactory(department=questions["open"].department)
        doctor.user.is_active = False
        assert self.visible(doctor.user, questions) == {"answered"}

    def test_staff_see_everything(self, questions):
        assert self.visible(UserFactory(is_staff=True), questions) == set(Question.Status.values)


def test_summary_is_the_question_on_one_line_cut_to_200_characters():
    question = QuestionFactory.build(body="First line\n\n  second   line " + "word " * 100)
    assert question.summary.startswith("First line second line word")
    assert "\n" not in question.summary and len(question.summary) == 200
    assert question.summary.endswith("…")


def test_dumpdata_reads_questions_in_one_query_without_search_vectors(
    django_assert_num_queries,
):
    """A dump of the archive is one query however many questions (the deferred search
    vector is not fetched again for each), and leaves the derived vector out."""
    import io
    import json

    from django.core.management import call_command

    AnsweredQuestionFactory.create_batch(4)
    out = io.StringIO()
    with django_assert_num_queries(1):
        call_command("dumpdata", "questions.question", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 4
    assert all("search_vector" not in row["fields"] for row in rows)


def test_archive_lists_show_the_headline():
    """List rows use the staff headline when there is one (display_title)."""
    question = AnsweredQuestionFactory(title="patient title", headline="Staff Headline")
    assert Question.objects.latest_answered().get().display_title == "Staff Headline"
    assert question.display_title == "Staff Headline"
