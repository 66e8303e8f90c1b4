"""What must follow a change to the archive, in one place.

The services, the admin (through the services) and the management commands that change
what readers see end in one of these two steps, inside their transaction:

- `question_changed(*ids)`: these questions changed, and their cached pages are forgotten
  once the transaction commits (in shared HTTP caches too, with the lists that show
  them). With `text=True` their words changed: their search vectors are recomputed now,
  in the same transaction, and once it commits a task gives them the vectors of their
  meaning (questions.meaning). With `listed=True` what other
  pages list or link changed (they became public, were hidden or restored, changed
  topics or headline): every cached page is retired, and their meaning vectors are made
  or removed.
- `archive_changed()`: something shown on many pages changed (a department, a doctor,
  an FAQ topic, a merge): every cached page is retired once the transaction commits, in
  shared HTTP caches too. `topics_changed(*ids)` is that for FAQ topics renamed or merged:
  their names are in their questions' search vectors too, which are recomputed in the
  transaction.

Not here, on purpose: a doctor's claim on a question and an unpublished draft (nobody
but doctors sees them), readers' reports (nothing changes until staff act), and the
archive's totals (counted again within a minute, machinery.freshness: recounting on
every write would cost more than the minute's lag).

What later work adds after a change (notifications to doctors) goes here too, so that no
write path can miss it.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from machinery import httpcache, pagecache
from questions.archive.pagecache import forget_question
from questions.meaning import vectors
from questions.models import FAQTopic
from questions.search.vectors import refresh_search_vectors, refresh_topic_vectors
from specialists.models import Department, Doctor


def question_changed(*ids: int, text: bool = False, listed: bool = False) -> None:
    """These questions changed: call inside the write's transaction. `text`: their words
    changed (the question, its headline, a reply); `listed`: what other pages list or
    link changed (they became public, were hidden or restored, changed topics)."""
    if text:
        refresh_search_vectors(ids=ids)
    if listed:
        transaction.on_commit(pagecache.retire_all)
        httpcache.purge_after_commit(httpcache.EVERY_PAGE_TAG)
    else:
        transaction.on_commit(lambda: [forget_question(pk) for pk in ids])
        # Their pages, and the lists that show their excerpts, in shared caches too.
        httpcache.purge_after_commit("lists", *(f"q-{pk}" for pk in ids))
    if text or listed:
        transaction.on_commit(lambda: vectors.embed_questions.enqueue(question_ids=list(ids)))


def archive_changed() -> None:
    """Something that shows on many pages changed: every cached page is retired after the
    transaction commits."""
    transaction.on_commit(pagecache.retire_all)
    httpcache.purge_after_commit(httpcache.EVERY_PAGE_TAG)


def topics_changed(*ids: int) -> None:
    """These FAQ topics changed (a name, a merge): inside the write's transaction."""
    refresh_topic_vectors(ids)
    archive_changed()


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


TOPIC_NAMES = ("name_en", "name_zh_hant")


def _topic_saving(sender, instance, **kwargs) -> None:
    """pre_save of an FAQ topic: its names as stored, to tell whether they change."""
    instance._stored_names = (
        FAQTopic.objects.filter(pk=instance.pk).values_list(*TOPIC_NAMES).first()
        if instance.pk
        else None
    )


def _topic_saved(sender, instance, created=False, **kwargs) -> None:
    """post_save of an FAQ topic, whoever saves it (the admin, taggit). Its questions'
    vectors are recomputed only when a name changed: reordering or featuring topics in the
    admin's list saves every row shown."""
    names = tuple(getattr(instance, name) for name in TOPIC_NAMES)
    if created or getattr(instance, "_stored_names", None) == names:
        archive_changed()
    else:
        topics_changed(instance.pk)


def _topic_deleting(sender, instance, **kwargs) -> None:
    """pre_delete of an FAQ topic: its questions, whose vectors hold its names, are found
    while their tags still exist, and recomputed once they are gone."""
    instance._question_ids = list(
        instance.tagged_questions.values_list("content_object_id", flat=True)
    )


def _topic_deleted(sender, instance, **kwargs) -> None:
    if ids := getattr(instance, "_question_ids", None):
        refresh_search_vectors(ids=ids)
    archive_changed()


def connect_receivers() -> None:
    """Called once, from QuestionsConfig.ready()."""
    pre_save.connect(_topic_saving, sender=FAQTopic, dispatch_uid="archive-topic-saving")
    post_save.connect(_topic_saved, sender=FAQTopic, dispatch_uid="archive-topic-saved")
    pre_delete.connect(_topic_deleting, sender=FAQTopic, dispatch_uid="archive-topic-deleting")
    post_delete.connect(_topic_deleted, sender=FAQTopic, dispatch_uid="archive-topic-deleted")
    for model in (Department, Doctor):
        for signal in (post_save, post_delete):
            signal.connect(_listed_changed, sender=model, dispatch_uid=f"archive-{model.__name__}")
    post_save.connect(
        _account_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="archive-account"
    )
