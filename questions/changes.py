"""What must follow every write to the archive, in one place.

Every write path — the services, the admin, the management commands — ends in one of
these two steps, inside its transaction:

- `question_changed(*ids)`: these questions changed. Their search vectors are recomputed
  now (in the same transaction), and their cached pages are forgotten once it commits.
  With `listed=True` they also change what other pages list or link (they became public,
  were hidden or restored, changed topics or headline): every cached page is retired.
- `archive_changed()`: something shown on many pages changed (a department, a doctor,
  an FAQ topic, a merge): every cached page is retired once the transaction commits.

A doctor's claim on a question and an unpublished draft are reservations, not changes to
the archive: nobody but the doctors sees them.

What later work adds after a write (a semantic index, notifications to doctors) goes
here too, so that no write path can miss it.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from machinery import pagecache
from questions.archive.pagecache import forget_question
from questions.models import FAQTopic
from questions.search.vectors import refresh_search_vectors
from specialists.models import Department, Doctor


def question_changed(*ids: int, listed: bool = False) -> None:
    """These questions changed: call inside the write's transaction."""
    refresh_search_vectors(ids=ids)
    if listed:
        transaction.on_commit(pagecache.retire_all)
        return

    def forget():
        for pk in ids:
            forget_question(pk)

    transaction.on_commit(forget)


def archive_changed() -> None:
    """Something that shows on many pages changed: every cached page is retired after the
    transaction commits."""
    transaction.on_commit(pagecache.retire_all)


def _listed_changed(sender, **kwargs) -> None:
    """post_save and post_delete of Department, Doctor and FAQTopic, whoever saves them
    (specialists knows nothing of pages): their names show on question pages, and the home
    and department pages list them."""
    archive_changed()


def _account_changed(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    """post_save of the user model: a doctor whose account is closed (or reopened) leaves
    (or rejoins) their department's list at once. A login saves only last_login: nothing
    to do then, nor for a new account."""
    if created or (update_fields is not None and "is_active" not in update_fields):
        return
    if Doctor.objects.filter(user_id=instance.pk).exists():
        archive_changed()


def connect_receivers() -> None:
    """Called once, from QuestionsConfig.ready()."""
    for model in (Department, Doctor, FAQTopic):
        for signal in (post_save, post_delete):
            signal.connect(_listed_changed, sender=model, dispatch_uid=f"archive-{model.__name__}")
    post_save.connect(
        _account_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="archive-account"
    )
