"""The Q&A domain's models, one module per family, all importable from here
(`from questions.models import Question`)."""

from .choices import DECLINE_REASON_TEXTS, AgeRange, DeclineReason, Gender, QuestionStatus
from .meaning import QuestionVector
from .moderation import BannedPhrase, CrisisExample, CrisisTerm, QuestionEvent, Report
from .notices import DoctorNotice
from .questions import Question, TriageQuestion, public_question, title_word_score
from .replies import Referral, Reply, ReplyAgreement, ReplyHelped, ReplyThanks
from .topics import FAQTopic, TaggedQuestion, TopicRedirect

__all__ = [
    "DECLINE_REASON_TEXTS",
    "AgeRange",
    "BannedPhrase",
    "CrisisExample",
    "CrisisTerm",
    "DeclineReason",
    "DoctorNotice",
    "FAQTopic",
    "Gender",
    "Question",
    "QuestionEvent",
    "QuestionStatus",
    "QuestionVector",
    "Referral",
    "Reply",
    "ReplyAgreement",
    "ReplyHelped",
    "ReplyThanks",
    "Report",
    "TaggedQuestion",
    "TopicRedirect",
    "TriageQuestion",
    "public_question",
    "title_word_score",
]
