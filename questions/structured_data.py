"""schema.org JSON-LD for the public pages: QAPage, ProfilePage and BreadcrumbList.

Everything marked up is visible on the page it describes: the patient's title and
question, the doctors' replies with their names and dates, the "I agree" count. No e-mail
address, real name or other personal data: patients appear by nickname only.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from machinery.site import site_name


def breadcrumbs(request, trail: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(url),
            }
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def _doctor(request, doctor) -> dict:
    return {
        "@type": "Person",
        "name": _("Dr. %(name)s") % {"name": doctor.name},
        "url": request.build_absolute_uri(doctor.get_absolute_url()),
        "jobTitle": doctor.title or None,
        "worksFor": {"@type": "Hospital", "name": doctor.hospital},
    }


def _follow_up(request, question, reply) -> list[dict]:
    """An answered follow-up as the reply's comments: the patient's, then the doctor's."""
    if reply.follow_up_answered_at is None:
        return []
    return [
        {
            "@type": "Comment",
            "text": reply.follow_up,
            "dateCreated": reply.follow_up_asked_at.isoformat(),
            "author": {"@type": "Person", "name": question.nickname},
        },
        {
            "@type": "Comment",
            "text": reply.follow_up_answer,
            "dateCreated": reply.follow_up_answered_at.isoformat(),
            **(
                {"author": _doctor(request, reply.follow_up_answered_by)}
                if reply.follow_up_answered_by
                else {}
            ),
        },
    ]


def qa_page(request, question, replies) -> dict:
    """The question with its published replies (an answered follow-up as their comments);
    the first is the accepted answer."""
    answers = [
        {
            "@type": "Answer",
            "text": reply.body,
            "dateCreated": reply.published_at.isoformat(),
            "dateModified": (reply.edited_at or reply.published_at).isoformat(),
            "upvoteCount": getattr(reply, "agree_count", 0),
            "url": request.build_absolute_uri(reply.get_absolute_url()),
            "author": _doctor(request, reply.doctor),
            **({"comment": comments} if (comments := _follow_up(request, question, reply)) else {}),
        }
        for reply in replies
    ]
    main = {
        "@type": "Question",
        "name": question.title,
        "text": question.body,
        "answerCount": len(answers),
        "dateCreated": question.asked_at.isoformat(),
        "author": {"@type": "Person", "name": question.nickname},
    }
    if answers:
        main["acceptedAnswer"] = answers[0]
        if len(answers) > 1:
            main["suggestedAnswer"] = answers[1:]
    return {
        "@context": "https://schema.org",
        "@type": "QAPage",
        "name": question.display_title,
        "mainEntity": main,
    }


def profile_page(request, doctor) -> dict:
    person = _doctor(request, doctor)
    person["description"] = doctor.bio or None
    person["memberOf"] = {"@type": "MedicalOrganization", "name": doctor.department.name}
    if doctor.is_verified:  # staff checked the licence
        person["hasCredential"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "license",
            "recognizedBy": {"@type": "Organization", "name": site_name()},
        }
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": request.build_absolute_uri(reverse("questions:doctor-detail", args=[doctor.slug])),
        "mainEntity": {key: value for key, value in person.items() if value is not None},
    }
