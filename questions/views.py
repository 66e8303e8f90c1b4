"""The public archive: question pages and the department, topic and doctor pages that list
answered questions."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import ListView

from specialists.models import Department, Doctor

from .models import FAQTopic, Question, Reply, departments_with_answered_counts

ARCHIVE_PAGE_SIZE = 20


def question_detail(request, pk: int, slug: str = ""):
    question = get_object_or_404(Question.objects.visible_to(request.user).with_department(), pk=pk)
    if slug != question.slug:
        return redirect(question, permanent=True)
    similar = (
        Question.objects.similar_to(question)
        .with_department()
        .prefetch_related(Prefetch("replies", queryset=Reply.objects.with_doctor()))
    )
    return render(
        request,
        "questions/question_detail.html",
        {
            "question": question,
            "replies": question.replies.with_doctor(),
            "similar_questions": similar,
            "related_topics": FAQTopic.objects.related_to(question),
        },
    )


def department_list(request):
    return render(
        request,
        "questions/department_list.html",
        {"departments": departments_with_answered_counts()},
    )


class ArchiveListView(ListView):
    """A paginated list of answered questions, newest first."""

    paginate_by = ARCHIVE_PAGE_SIZE
    context_object_name = "questions"


class DepartmentDetailView(ArchiveListView):
    template_name = "questions/department_detail.html"

    def get_queryset(self):
        self.department = get_object_or_404(Department, slug=self.kwargs["slug"])
        return Question.objects.in_department(self.department)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            department=self.department,
            topics=self.department.faq_topics.all(),
            doctors=Doctor.objects.listed().filter(department=self.department),
            **kwargs,
        )


def topic_list(request):
    topics = (
        FAQTopic.objects.with_department()
        .annotate(
            answered_count=Count(
                "tagged_questions",
                filter=Q(tagged_questions__content_object__status=Question.Status.ANSWERED),
            )
        )
        .order_by("department__position", "department__name", "position", "name")
    )
    return render(request, "questions/topic_list.html", {"topics": topics})


class TopicDetailView(ArchiveListView):
    template_name = "questions/topic_detail.html"

    def get_queryset(self):
        self.topic = get_object_or_404(FAQTopic.objects.with_department(), slug=self.kwargs["slug"])
        return Question.objects.with_topic(self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


class DoctorDetailView(ArchiveListView):
    template_name = "questions/doctor_detail.html"

    def get_queryset(self):
        self.doctor = get_object_or_404(Doctor.objects.listed(), slug=self.kwargs["slug"])
        return Question.objects.answered_by(self.doctor)

    def get_context_data(self, **kwargs):
        return super().get_context_data(doctor=self.doctor, **kwargs)
