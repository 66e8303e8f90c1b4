from django.urls import path

from . import views

app_name = "specialists"

urlpatterns = [
    path(
        "accounts/invitation/<uidb64>/<token>/",
        views.AcceptInvitationView.as_view(),
        name="invitation",
    ),
]
