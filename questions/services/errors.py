"""Why a state change is refused: the message says why, for the person."""

from datetime import datetime

from django.utils.translation import gettext as _

from specialists.models import Doctor


class QuestionError(Exception):
    """A state change that is not allowed now; the message says why, for the person."""


class DailyLimitReached(QuestionError):
    def __init__(self, retry_at: datetime):
        self.retry_at = retry_at
        super().__init__(f"daily question limit reached until {retry_at.isoformat()}")


class ClaimedByAnother(QuestionError):
    def __init__(self, doctor: Doctor):
        self.doctor = doctor
        super().__init__(_("Dr. %(name)s is working on this question.") % {"name": doctor.name})
