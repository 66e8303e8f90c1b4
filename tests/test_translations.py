"""Traditional Chinese: the catalogue is complete and up to date with the code, pages and
e-mails come out in Chinese, the language choice is remembered, and dates read YYYY/MM/DD."""

import datetime
import importlib
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, translation

from questions import services
from questions.models import DECLINE_REASON_TEXTS, Question
from questions.search.vectors import refresh_search_vectors
from tests.factories import (
    AnsweredQuestionFactory,
    DoctorFactory,
    QuestionFactory,
    ReplyFactory,
    UserFactory,
    answered_question,
)

PO_PATH = Path(settings.BASE_DIR) / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hant"}
# What `make messages` scans: the project less what the Makefile leaves out.
NOT_SCANNED = (".*", "bench", "tests", "staticfiles", "build", "__pycache__", "*.sqlite3")


def catalogue():
    return polib.pofile(str(PO_PATH))


def entry_key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


class TestCatalogue:
    def test_every_entry_is_translated_and_none_is_fuzzy(self):
        """An empty msgstr (or plural form) or a fuzzy flag anywhere in the .po fails."""
        po = catalogue()
        assert len(po) > 400
        assert not po.metadata_is_fuzzy
        assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
        empty = [
            e.msgid
            for e in po
            if not e.obsolete
            and (
                any(not text.strip() for text in e.msgstr_plural.values())
                if e.msgid_plural
                else not e.msgstr.strip()
            )
        ]
        assert fuzzy == []
        assert empty == []
        assert [e.msgid for e in po.obsolete_entries()] == []

    def test_catalogue_matches_the_marked_strings_in_the_code(self, tmp_path, monkeypatch):
        """makemessages over a copy of the code finds exactly the catalogue's msgids: a string
        marked in the code but missing from the .po (or left over from deleted code) fails.
        Fix it with `make messages` and translate what it adds."""
        base = Path(settings.BASE_DIR)
        copy = tmp_path / "project"
        shutil.copytree(base, copy, ignore=shutil.ignore_patterns(*NOT_SCANNED, "locale"))
        (copy / "locale" / "zh_Hant" / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(PO_PATH, copy / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po")
        monkeypatch.chdir(copy)
        monkeypatch.setattr(settings, "LOCALE_PATHS", [copy / "locale"])
        call_command(
            "makemessages",
            locale=["zh_Hant"],
            no_obsolete=True,
            add_location="file",
            verbosity=0,
        )
        extracted = polib.pofile(str(copy / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"))
        in_code = {entry_key(e) for e in extracted if not e.obsolete}
        in_catalogue = {entry_key(e) for e in catalogue() if not e.obsolete}
        assert sorted(in_code - in_catalogue) == []
        assert sorted(in_catalogue - in_code) == []

    def test_compiled_catalogue_is_loaded(self):
        """make install compiled the .mo: gettext answers in Chinese, plurals included."""
        compiled = PO_PATH.with_suffix(".mo")
        assert compiled.exists(), "run `make compilemessages` (make test does it)"
        assert compiled.stat().st_mtime >= PO_PATH.stat().st_mtime, "the .mo is stale"
        with translation.override("zh-hant"):
            assert translation.gettext("Log in") == "登入"
            assert translation.gettext("waiting for a doctor") == "等待醫師回覆"
            text = translation.ngettext("%(counter)s reply", "%(counter)s replies", 3)
            assert text % {"counter": 3} == "3 則回覆"
        with translation.override("en"):
            assert translation.gettext("Log in") == "Log in"

    def test_emergency_text_gives_taiwans_numbers_in_chinese(self):
        """The emergency help names the emergency number and the suicide prevention line
        (1925, a setting) in Chinese."""
        with translation.override("zh-hant"):
            footer = translation.gettext(
                "Not for emergencies. If you or someone else is in danger, call %(number)s now."
            )
            line = translation.gettext(
                "If you are thinking about suicide, you can talk to someone now: in Taiwan, call "
                "the suicide prevention line %(number)s (24 hours)."
            )
        assert "緊急" in footer and "%(number)s" in footer
        assert "%(number)s" in line and "安心專線" in line


class TestDates:
    @pytest.mark.parametrize("language", ["en", "zh-hant"])
    def test_dates_read_year_month_day_in_both_languages(self, language):
        """The reference page's "2000/11/28", in English and in Chinese."""
        with translation.override(language):
            assert formats.date_format(datetime.date(2000, 11, 28)) == "2000/11/28"
            assert formats.date_format(datetime.date(2000, 11, 28), "SHORT_DATE_FORMAT") == (
                "2000/11/28"
            )
            moment = datetime.datetime(2000, 11, 28, 9, 5, tzinfo=datetime.UTC)
            assert formats.date_format(moment, "DATETIME_FORMAT") == "2000/11/28 09:05"

    @pytest.mark.django_db
    def test_question_page_in_chinese_shows_the_ask_date(self, client):
        """The Chinese question page writes the ask date as 2000/11/28."""
        asked = datetime.datetime(2000, 11, 28, 10, 0, tzinfo=datetime.UTC)
        question = answered_question(asked_at=asked)
        text = client.get(question.get_absolute_url(), **ZH).content.decode()
        assert "提問日期：" in text
        assert "2000/11/28" in text


@pytest.mark.django_db
class TestPagesInChinese:
    """Key pages with Accept-Language: zh-hant: Chinese text, no English interface text."""

    ENGLISH = ["Skip to content", "Log in", "Not for emergencies", "Language", "Search"]

    def assert_chinese(self, response, expected, english=()):
        assert response.status_code == 200
        text = response.content.decode()
        assert '<html lang="zh-hant">' in text
        for phrase in expected:
            assert phrase in text, phrase
        for phrase in [*self.ENGLISH, *english]:
            assert f">{phrase}<" not in text, phrase
            assert f"{phrase} " not in text.split("<main", 1)[0], phrase

    def test_home(self, client):
        answered_question()
        response = client.get(reverse("home"), **ZH)
        self.assert_chinese(response, ["最新回覆", "跳到主要內容", "本站不處理緊急狀況"])

    def test_question_page(self, client):
        question = answered_question()
        response = client.get(question.get_absolute_url(), **ZH)
        self.assert_chinese(
            response, ["回覆日期：", "醫師回覆", "分享到：", "複製連結"], ["Reply Date:", "Share"]
        )

    def test_ask_page(self, client):
        client.force_login(UserFactory())
        response = client.get(reverse("questions:ask"), **ZH)
        self.assert_chinese(
            response,
            [
                "提問之前",
                '如果是緊急狀況，請立即撥打 <a class="tel" href="tel:119">119</a>',
                "暱稱",
                "送出我的提問",
                "用一句話說明您的問題，10 到 120 個字。",
            ],
            ["Before you ask", "Nickname", "Send my question"],
        )
        assert "Your question in one line" not in response.content.decode()

    def test_login_page(self, client):
        response = client.get(reverse("login"), **ZH)
        self.assert_chinese(response, ["忘記密碼？", "還沒有帳號？"], ["Forgot your password?"])

    def test_dashboard_queue(self, client):
        doctor = DoctorFactory()
        QuestionFactory(department=doctor.department)
        client.force_login(doctor.user)
        response = client.get(reverse("questions:dashboard"), **ZH)
        self.assert_chinese(
            response, ["待回覆清單", "1 則提問等待中"], ["Queue", "Claimed by me", "Reply"]
        )

    def test_not_found_page(self, client):
        response = client.get("/questions/999999/", **ZH)
        assert response.status_code == 404
        text = response.content.decode()
        assert "找不到頁面" in text and "Page not found" not in text

    def test_forbidden_page(self, client):
        """A patient opening the dashboard gets the 403 page in Chinese."""
        client.force_login(UserFactory())
        response = client.get(reverse("questions:dashboard"), **ZH)
        assert response.status_code == 403
        text = response.content.decode()
        assert "這個頁面不開放給您的帳號" in text and "This page is not for" not in text

    def test_dashboard_question_page(self, client):
        doctor = DoctorFactory()
        question = QuestionFactory(department=doctor.department)
        client.force_login(doctor.user)
        response = client.get(reverse("questions:dashboard-question", args=[question.pk]), **ZH)
        self.assert_chinese(
            response,
            ["婉拒這則提問", "要求開立處方", "請選擇科別", "給病患的訊息"],
            ["Decline this question", "Asks for a prescription"],
        )

    def test_form_errors_in_chinese(self, client):
        """A bad ask form answers in Chinese next to the fields."""
        client.force_login(UserFactory())
        response = client.post(reverse("questions:ask"), {"title": "短"}, **ZH)
        text = response.content.decode()
        assert "標題至少需要 10 個字（目前 1 個字）。" in text
        assert "Make the title at least" not in text

    def test_taiwanese_browsers_get_chinese(self, client):
        """A browser in Taiwan sends zh-TW: the default follows it to zh-hant."""
        response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.9,en;q=0.8")
        assert '<html lang="zh-hant">' in response.content.decode()
        english = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert '<html lang="en">' in english.content.decode()

    def test_chinese_search_in_the_chinese_interface(self, client):
        """A Chinese query in the Chinese interface finds the Chinese question."""
        wanted = AnsweredQuestionFactory(
            title="晚上睡覺手腳會抽動",
            body="最近一個月晚上睡覺時手腳常常不自主抽動，會影響睡眠嗎？",
        )
        AnsweredQuestionFactory(title="Headache every afternoon")
        refresh_search_vectors()  # on PostgreSQL Chinese is found through the vectors
        response = client.get(reverse("questions:search"), {"q": "抽動"}, **ZH)
        text = response.content.decode()
        assert list(response.context["page_obj"]) == [wanted]
        assert "<mark>抽動</mark>" in text
        assert "1 則已回覆的提問" in text


@pytest.mark.django_db
class TestLanguageChoice:
    def test_choice_is_remembered_for_a_year_and_beats_the_browser(self, client):
        """The footer's switcher sets a lasting cookie; later pages follow it, not the
        browser's Accept-Language, including the cached anonymous question page."""
        question = answered_question()
        english = client.get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        assert "Reply Date:" in english.content.decode()
        response = client.post(
            reverse("set_language"), {"language": "zh-hant", "next": "/"}, HTTP_ACCEPT_LANGUAGE="en"
        )
        cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
        assert cookie.value == "zh-hant"
        assert int(cookie["max-age"]) >= 365 * 24 * 60 * 60
        chinese = client.get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        assert "回覆日期：" in chinese.content.decode()
        assert chinese["Content-Language"] == "zh-hant"
        home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
        assert '<html lang="zh-hant">' in home.content.decode()

    def test_switcher_offers_both_languages_by_their_own_names(self, client):
        text = client.get(reverse("home"), **ZH).content.decode()
        assert '<option value="en">English</option>' in text
        assert '<option value="zh-hant" selected>繁體中文</option>' in text


@pytest.mark.django_db
class TestDeclineReasonsInThePatientsLanguage:
    def decline(self, question, doctor, **kwargs):
        with translation.override("en"):
            services.decline_question(question=question, doctor=doctor, **kwargs)

    def test_preset_reason_is_stored_as_a_code_and_read_in_chinese(
        self, client, django_capture_on_commit_callbacks
    ):
        """A doctor working in English declines; the zh-hant patient reads the preset reason
        and the e-mail in Chinese, with the doctor's own words kept as written."""
        patient = UserFactory()
        question = QuestionFactory(author=patient, language="zh-hant")
        doctor = DoctorFactory(department=question.department)
        with django_capture_on_commit_callbacks(execute=True):
            self.decline(
                question, doctor, code="prescription", reason="Please see your family doctor."
            )
        question.refresh_from_db()
        assert question.decline_reason_code == Question.DeclineReason.PRESCRIPTION
        assert question.decline_reason == "Please see your family doctor."

        message = mail.outbox[0]
        assert "提問" in message.subject and "About your question" not in message.subject
        assert "我們無法在線上開立或更改藥物處方" in message.body
        assert "Please see your family doctor." in message.body
        assert "We cannot prescribe" not in message.body
        assert "很抱歉，我們無法受理您的提問" in message.body
        assert "如果是緊急狀況，請撥打 119 <tel:119>。" in message.body

        client.force_login(patient)
        for url in (reverse("questions:my-questions"), question.get_absolute_url()):
            text = client.get(url, **ZH).content.decode()
            assert "我們無法在線上開立或更改藥物處方" in text
            assert "We cannot prescribe" not in text
        english = client.get(reverse("questions:my-questions"), HTTP_ACCEPT_LANGUAGE="en")
        assert "We cannot prescribe" in english.content.decode()

    def test_other_reason_needs_the_doctors_words(self):
        """“Other” without a message is refused; with one, only the message is shown."""
        question = QuestionFactory()
        doctor = DoctorFactory(department=question.department)
        with pytest.raises(services.QuestionError):
            self.decline(question, doctor, code="other", reason="  ")
        self.decline(question, doctor, code="other", reason="Ask your pharmacist.")
        question.refresh_from_db()
        with translation.override("zh-hant"):
            assert question.decline_reason_text == "Ask your pharmacist."

    def test_constraints_explain_themselves_to_forms(self):
        """A declined question without a reason, or "other" without words, is a form error
        (model validation), not a database error."""
        from django.core.exceptions import ValidationError

        question = QuestionFactory(status="declined", decline_reason_code="other")
        question.decline_reason = ""
        with pytest.raises(ValidationError, match="Explain the reason to the patient."):
            question.validate_constraints()
        question.decline_reason_code = ""
        with pytest.raises(ValidationError, match="A declined question needs a reason."):
            question.validate_constraints()

    def test_unknown_code_is_refused(self):
        question = QuestionFactory()
        doctor = DoctorFactory(department=question.department)
        with pytest.raises(services.QuestionError):
            self.decline(question, doctor, code="because", reason="x")
        question.refresh_from_db()
        assert question.status == Question.Status.OPEN

    def test_reply_email_in_chinese(self, django_capture_on_commit_callbacks):
        """The reply e-mail of a zh-hant question is in Chinese."""
        question = QuestionFactory(language="zh-hant")
        doctor = DoctorFactory(department=question.department)
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_reply(
                question=question, doctor=doctor, body="Rest well and drink enough water."
            )
        message = mail.outbox[0]
        assert "醫師回覆了您" in message.subject
        assert "閱讀回覆：" in message.body
        assert "Read the reply" not in message.body


class TestDeclineReasonMigration:
    """Migration 0013 turns reasons stored as text into codes plus the doctor's message."""

    migration = importlib.import_module("questions.migrations.0013_question_decline_reason_code")

    @pytest.mark.parametrize("code", ["emergency", "prescription", "not_medical", "personal_data"])
    @pytest.mark.parametrize("language", ["en", "zh-hant"])
    def test_presets_in_either_language_become_codes(self, code, language):
        with translation.override(language):
            preset = str(DECLINE_REASON_TEXTS[code])
        assert self.migration.reason_to_code(preset) == (code, "")
        stored = f"{preset}\n\nSee your family doctor."
        assert self.migration.reason_to_code(stored) == (code, "See your family doctor.")

    def test_free_text_becomes_other(self):
        assert self.migration.reason_to_code(" Too vague. ") == ("other", "Too vague.")


@pytest.mark.django_db
def test_reply_factory_question_page_in_english_has_no_chinese(client):
    """The English page stays English (the Chinese catalogue does not leak into it)."""
    reply = ReplyFactory()
    text = client.get(reply.question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content
    assert "Reply Date:" in text.decode()
    assert "回覆日期" not in text.decode()
