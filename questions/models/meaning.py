"""What a public Q&A means, as a vector from the multilingual sentence encoder
(questions.meaning): the source of truth that the nearest-neighbour search reads."""

import numpy as np
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DIMENSIONS = 512


class QuestionVector(models.Model):
    question = models.OneToOneField(
        "questions.Question",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="vector",
        verbose_name=_("question"),
    )
    # The encoder that made it: a later model re-embeds without mixing the two.
    model = models.CharField(_("model"), max_length=100)
    # Of the model and the text it was made from: made again only when either changes.
    digest = models.BinaryField(_("digest"), max_length=16)
    # float16, little-endian: half the bytes of float32, and precise enough for ranking.
    vector = models.BinaryField(_("vector"))
    # The nearest public Q&A by meaning when it was made, closest first: the question
    # page's Similar Q&A reads these ids and does no vector work.
    similar = models.JSONField(_("similar Q&A"), default=list, blank=True)
    made_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        verbose_name = _("question vector")
        verbose_name_plural = _("question vectors")
        indexes = [models.Index(fields=["model", "made_at"], name="vector_model_made")]

    def __str__(self) -> str:
        return f"#{self.question_id} ({self.model})"

    @staticmethod
    def pack(vector) -> bytes:
        return np.asarray(vector, dtype="<f2").tobytes()

    @staticmethod
    def unpack(data: bytes) -> np.ndarray:
        return np.frombuffer(bytes(data), dtype="<f2").astype(np.float32)
