"""The search page as the search tests read it."""

from django.urls import reverse

URL = reverse("questions:search")


def found(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return list(response.context["questions"]), response
