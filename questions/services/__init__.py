"""State changes of questions and replies, one module per actor: `asking` (patients and
readers), `answering` (doctors) and `curation` (staff). Each change is one transaction;
each that changes what readers see ends in questions.changes (tests/questions/
test_changes.py lists those that do not, and why). E-mails are sent after the transaction
commits, through Django's tasks framework. Views, the dashboard, the admin and management
commands all call these."""

from .answering import (
    agree_with_reply,
    answer_follow_up,
    ask_for_information,
    claim_question,
    decline_question,
    edit_reply,
    publish_reply,
    refer_question,
    release_claim,
    save_draft,
)
from .asking import (
    Asked,
    FollowedUp,
    add_information,
    ask_follow_up,
    ask_question,
    edit_question,
    mark_helped,
    report_question,
    stop_reply_emails,
    thank_doctor,
    withdraw_question,
    withdraw_waiting_questions,
)
from .curation import (
    assign_department,
    delete_questions,
    delete_replies,
    dismiss_reports,
    hide_question,
    mark_duplicate,
    merge_topics,
    record_staff_edit,
    restore_question,
    staff_saved_reply,
    tag_questions,
)
from .errors import ClaimedByAnother, DailyLimitReached, QuestionError

__all__ = [
    "Asked",
    "FollowedUp",
    "add_information",
    "answer_follow_up",
    "ask_follow_up",
    "ask_for_information",
    "ClaimedByAnother",
    "DailyLimitReached",
    "QuestionError",
    "agree_with_reply",
    "ask_question",
    "assign_department",
    "claim_question",
    "decline_question",
    "delete_questions",
    "delete_replies",
    "dismiss_reports",
    "edit_question",
    "edit_reply",
    "hide_question",
    "mark_duplicate",
    "mark_helped",
    "merge_topics",
    "publish_reply",
    "record_staff_edit",
    "staff_saved_reply",
    "refer_question",
    "release_claim",
    "report_question",
    "restore_question",
    "save_draft",
    "stop_reply_emails",
    "tag_questions",
    "thank_doctor",
    "withdraw_question",
    "withdraw_waiting_questions",
]
