"""RSS and Atom feeds of newly answered questions: site-wide, per department, per topic.
Items carry the headline, an excerpt of the question and the answer date; no personal
data."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from machinery.site import site_name
from questions.models import FAQTopic, Question
from specialists.models import Department

FEED_SIZE = 30


class LatestAnswersFeed(Feed):
    def title(self, obj=None):
        return _("%(site)s: newly answered questions") % {"site": site_name()}

    def link(self, obj=None):
        return "/"

    def description(self, obj=None):
        return _("Health questions from patients, answered by hospital doctors.")

    def items(self, obj=None):
        return Question.objects.latest_answered()[:FEED_SIZE]

    def item_title(self, question):
        return question.display_title

    def item_description(self, question):
        # RSS <description> and Atom <summary type="html"> are HTML to a feed reader: the
        # patient's text is escaped here, not just XML-encoded by the feed writer.
        return escape(Truncator(question.body).chars(300))

    def item_pubdate(self, question):
        return question.answered_at

    def item_categories(self, question):
        return [question.department.name] if question.department else []


class LatestAnswersAtomFeed(LatestAnswersFeed):
    feed_type = Atom1Feed
    subtitle = LatestAnswersFeed.description


class DepartmentFeed(LatestAnswersFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Department, slug=slug)

    def title(self, department):
        return _("%(site)s: newly answered in %(department)s") % {
            "site": site_name(),
            "department": department.name,
        }

    def link(self, department):
        return department.get_absolute_url()

    def items(self, department):
        return Question.objects.in_department(department)[:FEED_SIZE]


class DepartmentAtomFeed(DepartmentFeed):
    feed_type = Atom1Feed
    subtitle = LatestAnswersFeed.description


class TopicFeed(LatestAnswersFeed):
    def get_object(self, request, slug):
        return get_object_or_404(FAQTopic, slug=slug)

    def title(self, topic):
        return _("%(site)s: newly answered about %(topic)s") % {
            "site": site_name(),
            "topic": topic.name,
        }

    def link(self, topic):
        return topic.get_absolute_url()

    def items(self, topic):
        return Question.objects.with_topic(topic)[:FEED_SIZE]


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
    subtitle = LatestAnswersFeed.description
