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
]
