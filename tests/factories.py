from datetime import timedelta

import factory
from django.utils import timezone

from qa_portal.models import User
from questions.models import FAQTopic, Question, Reply
from specialists.models import Department, Doctor


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose e-mail address is verified; `UserFactory(unverified=True)` for one who
    has not opened the link sent at sign-up yet."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        unverified = factory.Trait(email_verified_at=None)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.django.Password("a-long-test-password")
    email_verified_at = factory.LazyFunction(timezone.now)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")


class DoctorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Doctor

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Doctor Name {n}")
    slug = factory.Sequence(lambda n: f"doctor-name-{n}")
    department = factory.SubFactory(DepartmentFactory)
    title = "Attending Physician"
    hospital = "Test Hospital"


class FAQTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQTopic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    department = factory.SubFactory(DepartmentFactory)


class QuestionFactory(factory.django.DjangoModelFactory):
    """An open question waiting for a doctor; see AnsweredQuestionFactory for a public one."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory)
    nickname = factory.Sequence(lambda n: f"Patient{n}")
    age_range = "20~29"
    gender = "female"
    department = factory.SubFactory(DepartmentFactory)
    title = factory.Sequence(lambda n: f"Twitching hands at night number {n}")
    body = "After I fall asleep my hands and feet twitch. Why does this happen to me?"
    status = Question.Status.OPEN
    decline_reason_code = factory.LazyAttribute(
        lambda question: "other" if question.status == "declined" else ""
    )
    decline_reason = factory.LazyAttribute(
        lambda question: "Not a medical question." if question.status == "declined" else ""
    )

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class AnsweredQuestionFactory(QuestionFactory):
    status = Question.Status.ANSWERED
    answered_at = factory.LazyFunction(timezone.now)


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    question = factory.SubFactory(AnsweredQuestionFactory)
    doctor = factory.SubFactory(
        DoctorFactory, department=factory.SelfAttribute("..question.department")
    )
    body = "Tiredness can cause this. A warm bath before bed may help."
    published_at = factory.LazyAttribute(lambda reply: reply.question.answered_at or timezone.now())


def answered_question(**kwargs) -> Question:
    """A public question with one published reply."""
    question = AnsweredQuestionFactory(**kwargs)
    ReplyFactory(question=question)
    return question


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)
