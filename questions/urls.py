from django.urls import path
from django.views.decorators.http import require_safe

from .views import api, dashboard, feeds, patient, public

app_name = "questions"

# Feeds are read-only: 405 to anything but GET and HEAD, as for every other page.
urlpatterns = [
    path("questions/<int:pk>/", public.question_detail, name="detail-short"),
    path("questions/<int:pk>/<str:slug>/", public.question_detail, name="detail"),
    path("report/<int:pk>/", public.report, name="report"),
    path("replies/<int:pk>/helped/", public.reply_helped, name="reply-helped"),
    path("search/", public.search_page, name="search"),
    path("api/questions/", api.question_list, name="api-list"),
    path("api/questions/<int:pk>/", api.question_detail, name="api-detail"),
    path("feeds/latest.rss", require_safe(feeds.LatestAnswersFeed()), name="feed-latest"),
    path("feeds/latest.atom", require_safe(feeds.LatestAnswersAtomFeed()), name="feed-latest-atom"),
    path(
        "departments/<str:slug>/feed.rss",
        require_safe(feeds.DepartmentFeed()),
        name="feed-department",
    ),
    path(
        "departments/<str:slug>/feed.atom",
        require_safe(feeds.DepartmentAtomFeed()),
        name="feed-department-atom",
    ),
    path("topics/<str:slug>/feed.rss", require_safe(feeds.TopicFeed()), name="feed-topic"),
    path(
        "topics/<str:slug>/feed.atom", require_safe(feeds.TopicAtomFeed()), name="feed-topic-atom"
    ),
    path("departments/", public.department_list, name="department-list"),
    path(
        "departments/<str:slug>/", public.DepartmentDetailView.as_view(), name="department-detail"
    ),
    path("topics/", public.topic_list, name="topic-list"),
    path("topics/<str:slug>/", public.TopicDetailView.as_view(), name="topic-detail"),
    path("doctors/<str:slug>/", public.DoctorDetailView.as_view(), name="doctor-detail"),
    path("ask/", patient.ask, name="ask"),
    path("ask/suggestions/", patient.ask_suggestions, name="ask-suggestions"),
    path("ask/submitted/<int:pk>/", patient.asked, name="asked"),
    path("my/questions/", patient.MyQuestionsView.as_view(), name="my-questions"),
    path("my/questions/<int:pk>/edit/", patient.edit_question, name="edit"),
    path("my/questions/<int:pk>/withdraw/", patient.withdraw_question, name="withdraw"),
    path(
        "my/questions/<int:pk>/add-information/",
        patient.add_information,
        name="add-information",
    ),
    path("my/unsubscribe/<str:token>/", patient.unsubscribe, name="unsubscribe"),
    path("my/replies/<int:pk>/thank/", patient.thank, name="thank"),
    path("my/replies/<int:pk>/follow-up/", patient.follow_up, name="follow-up"),
    path("dashboard/", dashboard.queue, name="dashboard"),
    path("dashboard/me/", dashboard.me, name="dashboard-me"),
    path("dashboard/settings/", dashboard.email_settings, name="dashboard-settings"),
    path(
        "dashboard/unsubscribe/<str:token>/",
        dashboard.doctor_unsubscribe,
        name="doctor-unsubscribe",
    ),
    path("dashboard/questions/<int:pk>/", dashboard.work_on_question, name="dashboard-question"),
    path("dashboard/questions/<int:pk>/claim/", dashboard.claim, name="dashboard-claim"),
    path("dashboard/questions/<int:pk>/release/", dashboard.release, name="dashboard-release"),
    path("dashboard/questions/<int:pk>/refer/", dashboard.refer, name="dashboard-refer"),
    path("dashboard/questions/<int:pk>/decline/", dashboard.decline, name="dashboard-decline"),
    path(
        "dashboard/questions/<int:pk>/ask-information/",
        dashboard.ask_information,
        name="dashboard-ask-information",
    ),
    path("dashboard/replies/<int:pk>/edit/", dashboard.reply_edit, name="dashboard-reply-edit"),
    path("dashboard/replies/<int:pk>/agree/", dashboard.agree, name="dashboard-agree"),
    path("dashboard/follow-ups/<int:pk>/", dashboard.follow_up, name="dashboard-follow-up"),
]
