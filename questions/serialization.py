"""A question and its published replies (prefetched as `question.replies`) as JSON-ready
data, in the two shapes the site gives: the public API's, and the patient's own data
download. Both are made from the same parts, in the same key order as ever."""

from collections.abc import Callable

from django.conf import settings
from django.utils import translation


def public_question_data(question, *, absolute: Callable[[str], str]) -> dict:
    """For the API: patients by nickname only, doctors with their pages. `absolute` makes
    the site's paths into full addresses."""
    department = question.department
    return {
        "id": question.pk,
        "url": absolute(question.get_absolute_url()),
        "title": question.title,
        "headline": question.headline,
        **_as_written(question),
        "department": _named(department) if department else None,
        "topics": [_named(topic) for topic in question.topics.all()],
        **_dates(question),
        "views": question.view_count,
        "replies": [
            {
                "doctor": {
                    "name": reply.doctor.name,
                    "url": absolute(reply.doctor.get_absolute_url()),
                    "department": reply.doctor.department.name,
                    "hospital": reply.doctor.hospital,
                },
                **_reply(reply),
                "edited_at": reply.edited_at.isoformat() if reply.edited_at else None,
                "agree_count": reply.agree_count,
                "helped_count": reply.helped_count,
                "follow_up": _follow_up(reply),
            }
            for reply in question.replies.all()
        ],
    }


def own_question_data(question) -> dict:
    """For the patient who asked it: its status and why it was declined, too."""
    return {
        "id": question.pk,
        "url": question.get_absolute_url(),
        "status": question.status,
        "department": question.department.name if question.department else None,
        "title": question.title,
        **_as_written(question),
        **_dates(question),
        "decline_reason_code": question.decline_reason_code,
        "decline_reason": question.decline_reason_text,
        "replies": [
            {
                "doctor": reply.doctor.name,
                "department": reply.doctor.department.name,
                **_reply(reply),
                # The patient's own follow-up, answered or not.
                "follow_up": {
                    "question": reply.follow_up,
                    "asked_at": reply.follow_up_asked_at.isoformat(),
                    "answer": reply.follow_up_answer,
                    "answered_at": reply.follow_up_answered_at.isoformat()
                    if reply.follow_up_answered_at
                    else None,
                }
                if reply.follow_up_asked_at
                else None,
            }
            for reply in question.replies.all()
        ],
    }


def _named(item) -> dict:
    """A department or FAQ topic: its name in the reader's language, its name in each of
    the site's languages (a missing one falls back to the other), and its slug."""
    names = {}
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            names[code] = item.name
    return {"name": item.name, "names": names, "slug": item.slug}


def _follow_up(reply) -> dict | None:
    """The patient's follow-up on a reply and its answer, once answered."""
    if reply.follow_up_answered_at is None:
        return None
    doctor = reply.follow_up_answered_by
    return {
        "question": reply.follow_up,
        "asked_at": reply.follow_up_asked_at.isoformat(),
        "answer": reply.follow_up_answer,
        "answered_at": reply.follow_up_answered_at.isoformat(),
        "doctor": doctor.name if doctor else None,
    }


def _as_written(question) -> dict:
    return {
        "body": question.body,
        # What the patient added when a doctor asked (the body stays as first asked).
        "added_information": [
            {
                "doctor": entry["doctor"],
                "request": entry["request"],
                "asked_at": entry["asked_at"].isoformat(),
                "answer": entry["answer"],
                "answered_at": entry["answered_at"].isoformat(),
            }
            for entry in question.information_added
        ],
        "nickname": question.nickname,
        "age_range": question.age_range,
        "gender": question.gender,
    }


def _dates(question) -> dict:
    return {
        "asked_at": question.asked_at.isoformat(),
        "answered_at": question.answered_at.isoformat() if question.answered_at else None,
    }


def _reply(reply) -> dict:
    return {"body": reply.body, "published_at": reply.published_at.isoformat()}
