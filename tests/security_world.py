"""One small site with a person for every role, shared by the security tests (the
authorization table, the URL walk, CSRF and privacy): two departments, a public Q&A, a
patient's open question, a doctor's unpublished draft, an FAQ topic and the tokens that
the e-mailed links carry."""

from dataclasses import dataclass, field

from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from qa_portal import verification
from qa_portal.models import KnownBrowser, Passkey, SignedInSession, User
from questions import doctor_emails, notifications
from questions.models import (
    BannedPhrase,
    FAQTopic,
    Question,
    QuestionEvent,
    Referral,
    Reply,
    ReplyAgreement,
    Report,
    TopicRedirect,
)
from specialists.invitations import invitation_tokens
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    DoctorFactory,
    FAQTopicFactory,
    QuestionFactory,
    ReplyFactory,
    UserFactory,
)

ROLES = (
    "anonymous",
    "patient_a",
    "patient_b",
    "doctor",
    "other_doctor",
    "inactive_doctor",
    "staff",
    "superuser",
)

# Staff curate and moderate: they see and change questions and reports, nothing more.
STAFF_PERMISSIONS = ("view_question", "change_question", "view_report", "change_report")


@dataclass
class World:
    users: dict
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    department = DepartmentFactory(name="Neurology", slug="neurology")
    other_department = DepartmentFactory(name="Cardiology", slug="cardiology")
    patient_a = UserFactory(email="patient.a@example.org")
    patient_b = UserFactory(email="patient.b@example.org")
    doctor = DoctorFactory(department=department, name="Yeh Po-Shou", slug="yeh-po-shou")
    colleague = DoctorFactory(department=department, name="Jiang Junyi", slug="jiang-junyi")
    other_doctor = DoctorFactory(department=other_department)
    inactive = DoctorFactory(department=department, user__is_active=False)
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__in=STAFF_PERMISSIONS))
    superuser = UserFactory(is_staff=True, is_superuser=True)

    topic = FAQTopicFactory(department=department, name="Sleep", slug="sleep")
    public = AnsweredQuestionFactory(
        author=patient_a, department=department, title="Limbs jerk when I fall asleep"
    )
    public.topics.set([topic])
    public_reply = ReplyFactory(question=public, doctor=doctor)
    colleague_reply = ReplyFactory(
        question=public, doctor=colleague, follow_up="Does the twitching get worse with coffee?",
        follow_up_asked_at=timezone.now(), follow_up_held_until=timezone.now(),
    )  # fmt: skip
    open_question = QuestionFactory(
        author=patient_a, department=department, title="Headache every single morning"
    )
    drafted = QuestionFactory(
        author=patient_b, department=department, title="Numb fingers after typing all day"
    )
    draft = ReplyFactory(question=drafted, doctor=colleague, published_at=None)
    report = Report.objects.create(question=public, reason=Report.Reason.WRONG, text="Wrong")
    BannedPhrase.objects.create(term="cheap pills online")
    # One object of each model the admin lists, so its object pages are really opened.
    triage = QuestionFactory(author=patient_b, department=None, status=Question.Status.TRIAGE)
    TopicRedirect.objects.create(old_slug="old-sleep", topic=topic)
    Referral.objects.create(
        question=drafted, doctor=other_doctor, from_department=other_department,
        to_department=department, note="Numbness: neurology",
    )  # fmt: skip
    AccessAttempt.objects.create(
        username="someone@example.org", ip_address="192.0.2.1", user_agent="test",
        http_accept="*/*", path_info="/accounts/login/", failures_since_start=1,
    )  # fmt: skip
    Group.objects.create(name="Editors")
    # Patient A's second factor and browsers, for the account page's buttons.
    passkey = Passkey.objects.create(
        user=patient_a, name="Phone", credential_id="cGhvbmU", public_key=b"key"
    )
    known_browser = KnownBrowser.objects.create(
        user=patient_a, token_hash="0" * 64, description="Firefox / Linux",
        trusted_until=timezone.now() + timezone.timedelta(days=30),
    )  # fmt: skip
    signed_in_session = SignedInSession.objects.create(
        user=patient_a, session_key="elsewhere", description="Safari / iPhone"
    )
    invited = DoctorFactory(department=department, user__password=None)
    # Signed up and not yet confirmed the address: the link e-mailed to them still works.
    unconfirmed = UserFactory(email="patient.c@example.org", unverified=True)
    return World(
        users={
            "anonymous": None,
            "patient_a": patient_a,
            "patient_b": patient_b,
            "doctor": doctor.user,
            "other_doctor": other_doctor.user,
            "inactive_doctor": inactive.user,
            "staff": staff,
            "superuser": superuser,
        },
        objects={
            "department": department,
            "other_department": other_department,
            "doctor": doctor,
            "colleague": colleague,
            "topic": topic,
            "public": public,
            "public_reply": public_reply,
            "colleague_reply": colleague_reply,
            "open_question": open_question,
            "drafted": drafted,
            "draft": draft,
            "report": report,
            "triage": triage,
            "unsubscribe_token": notifications.unsubscribe_token(patient_a),
            "verify_token": verification.verification_token(patient_a),
            "unconfirmed_verify_token": verification.verification_token(unconfirmed),
            "doctor_unsubscribe_token": doctor_emails.unsubscribe_token(doctor, "digest"),
            "reset_uid": urlsafe_base64_encode(force_bytes(patient_a.pk)),
            "reset_token": default_token_generator.make_token(patient_a),
            "invitation_uid": urlsafe_base64_encode(force_bytes(invited.user.pk)),
            "invitation_token": invitation_tokens.make_token(invited.user),
            "passkey": passkey,
            "known_browser": known_browser,
            "signed_in_session": signed_in_session,
        },
    )


def login(client, world: World, role: str) -> None:
    user = world.users[role]
    if user is not None:
        client.force_login(user)


def _admin_object(app_label: str, model_name: str, world: World) -> str:
    """The id of an object of this admin model, or "0" when the world has none."""
    from django.apps import apps

    model = apps.get_model(app_label, model_name)
    chosen = {
        "question": world.public,
        "reply": world.public_reply,
        "report": world.report,
        "faqtopic": world.topic,
        "department": world.department,
        "doctor": world.doctor,
        "user": world.users["patient_a"],
        "triagequestion": world.triage,
    }.get(model_name)
    if chosen is None:
        chosen = model._default_manager.order_by("pk").first()
    return str(chosen.pk) if chosen is not None else "0"


def route_kwargs(route, world: World, target: str = "") -> dict:
    """Real keyword arguments for a route: the objects of the world that it is about.
    `target` picks another object where a table row needs one (a private question, a
    draft)."""
    from django.contrib.contenttypes.models import ContentType

    objects = world.objects
    question = objects[target] if target else None
    key = route.key
    if not route.converters:
        return {}
    if key == "sitemap-section":
        return {"section": "questions"}
    if key == "password_reset_confirm":
        return {"uidb64": objects["reset_uid"], "token": objects["reset_token"]}
    if key == "specialists:invitation":
        return {"uidb64": objects["invitation_uid"], "token": objects["invitation_token"]}
    if key == "questions:detail":
        question = question or world.public
        return {"pk": question.pk, "slug": question.slug}
    if key in ("questions:detail-short", "questions:report", "questions:api-detail"):
        return {"pk": (question or world.public).pk}
    if key in (
        "questions:asked",
        "questions:edit",
        "questions:withdraw",
        "questions:add-information",
    ) or key.startswith("questions:dashboard-"):
        if key in ("questions:dashboard-reply-edit", "questions:dashboard-agree"):
            default = world.public_reply if key.endswith("edit") else world.colleague_reply
            return {"pk": (question or default).pk}
        if key == "questions:dashboard-follow-up":  # the patient's follow-up on a reply
            return {"pk": (question or world.colleague_reply).pk}
        return {"pk": (question or world.open_question).pk}
    if key == "verify-email":
        return {"token": objects[target or "verify_token"]}
    if key == "questions:unsubscribe":
        return {"token": objects["unsubscribe_token"]}
    if key in ("questions:reply-helped", "questions:thank", "questions:follow-up"):
        return {"pk": (question or world.public_reply).pk}
    if key == "questions:doctor-unsubscribe":
        return {"token": objects["doctor_unsubscribe_token"]}
    if key.startswith(("questions:feed-department", "questions:department-detail")):
        return {"slug": world.department.slug}
    if key.startswith(("questions:feed-topic", "questions:topic-detail")):
        return {"slug": world.topic.slug}
    if key == "questions:doctor-detail":
        return {"slug": world.doctor.slug}
    if key == "admin:view_on_site":
        content_type = ContentType.objects.get_for_model(world.public)
        return {"content_type_id": str(content_type.pk), "object_id": str(world.public.pk)}
    if key == "admin:auth_user_password_change":
        return {"id": str(world.users["patient_a"].pk)}
    if key == "admin:app_list":
        return {"app_label": "questions"}
    if key == "account-browser-forget":
        return {"browser_id": world.known_browser.pk}
    if key == "account-session-end":
        return {"session_id": world.signed_in_session.pk}
    if key == "passkey-remove":
        return {"passkey_id": world.passkey.pk}
    if route.converters == ("pk",):  # django-otp's admin: a device's key and QR code
        return {"pk": "1"}
    if route.converters == ("url",):
        return {"url": "nothing-here/"}
    if route.converters == ("object_id",):
        # admin/<app>/<model>/<object_id>/...
        app_label, model_name = route.pattern.split("/")[1:3]
        return {"object_id": _admin_object(app_label, model_name, world)}
    raise LookupError(f"no arguments known for {key} ({route.pattern})")


def route_url(route, world: World, target: str = "") -> str:
    """The path of a route filled with real arguments."""
    import re

    from django.urls import reverse

    kwargs = route_kwargs(route, world, target)
    if route.name:
        return reverse(route.name, kwargs=kwargs)
    # Unnamed (admin) patterns: fill the pattern by hand.
    path = route.pattern
    for name, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", str(value), path)
    return "/" + path.lstrip("^").rstrip("$")


def snapshot():
    """Everything a request could wrongly change."""
    return (
        list(Question.objects.order_by("pk").values_list(
            "pk", "status", "title", "body", "nickname", "department_id", "claimed_by_id",
            "is_hidden", "decline_reason",
        )),
        list(Reply.objects.order_by("pk").values_list("pk", "body", "published_at")),
        list(User.objects.order_by("pk").values_list(
            "pk", "email", "password", "is_active", "is_staff", "email_on_reply",
            "email_verified_at",
        )),
        list(Report.objects.order_by("pk").values_list("pk", "status", "text")),
        ReplyAgreement.objects.count(),
        Referral.objects.count(),
        QuestionEvent.objects.count(),
        list(FAQTopic.objects.order_by("pk").values_list("pk", "name", "slug")),
        list(Passkey.objects.order_by("pk").values_list("pk", "name")),
        list(KnownBrowser.objects.order_by("pk").values_list("pk", "trusted_until")),
        list(SignedInSession.objects.order_by("pk").values_list("pk", "session_key")),
    )  # fmt: skip
