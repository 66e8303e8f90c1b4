from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    path("questions/<int:pk>/", views.question_detail, name="detail-short"),
    path("questions/<int:pk>/<str:slug>/", views.question_detail, name="detail"),
    path("departments/", views.department_list, name="department-list"),
    path("departments/<str:slug>/", views.DepartmentDetailView.as_view(), name="department-detail"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<str:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("doctors/<str:slug>/", views.DoctorDetailView.as_view(), name="doctor-detail"),
    path("ask/", views.ask, name="ask"),
    path("ask/suggestions/", views.ask_suggestions, name="ask-suggestions"),
    path("ask/submitted/<int:pk>/", views.asked, name="asked"),
    path("my/questions/", views.MyQuestionsView.as_view(), name="my-questions"),
    path("my/questions/<int:pk>/edit/", views.edit_question, name="edit"),
    path("my/questions/<int:pk>/withdraw/", views.withdraw_question, name="withdraw"),
    path("my/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
