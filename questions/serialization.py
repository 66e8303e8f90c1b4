"""A question and its published replies as JSON-ready data, in the two shapes the site
gives: the public API's (`public=True`: patients by nickname only, doctors with their
pages) and the patient's own data download (their status and decline reasons too)."""

from collections.abc import Callable


def question_data(question, *, public: bool, absolute: Callable[[str], str] = str) -> dict:
    """The question with its replies (prefetched as `question.replies`); `absolute` makes
    the site's paths into full addresses."""
    data = {"id": question.pk, "url": absolute(question.get_absolute_url())}
    if not public:
        data["status"] = question.status
        data["department"] = question.department.name if question.department else None
    data["title"] = question.title
    if public:
        data["headline"] = question.headline
    data.update(
        body=question.body,
        nickname=question.nickname,
        age_range=question.age_range,
        gender=question.gender,
    )
    if public:
        data["department"] = (
            {"name": question.department.name, "slug": question.department.slug}
            if question.department
            else None
        )
        data["topics"] = [
            {"name": topic.name, "slug": topic.slug} for topic in question.topics.all()
        ]
    data["asked_at"] = question.asked_at.isoformat()
    data["answered_at"] = question.answered_at.isoformat() if question.answered_at else None
    if public:
        data["views"] = question.view_count
    else:
        data["decline_reason_code"] = question.decline_reason_code
        data["decline_reason"] = question.decline_reason_text
    data["replies"] = [
        _reply_data(reply, public=public, absolute=absolute) for reply in question.replies.all()
    ]
    return data


def _reply_data(reply, *, public: bool, absolute: Callable[[str], str]) -> dict:
    doctor = reply.doctor
    if not public:
        return {
            "doctor": doctor.name,
            "department": doctor.department.name,
            "body": reply.body,
            "published_at": reply.published_at.isoformat(),
        }
    return {
        "doctor": {
            "name": doctor.name,
            "url": absolute(doctor.get_absolute_url()),
            "department": doctor.department.name,
            "hospital": doctor.hospital,
        },
        "body": reply.body,
        "published_at": reply.published_at.isoformat(),
        "edited_at": reply.edited_at.isoformat() if reply.edited_at else None,
        "agree_count": reply.agree_count,
    }
