import json
from urllib.parse import quote, urlencode

import markdown as markdown_lib
import nh3
from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from machinery.text import shorten as shorten_text

register = template.Library()


def _escape_json(text: str) -> str:
    """As django.utils.html.json_script does: text in the data cannot end the <script>
    element. Three replace() calls, not str.translate() with a mapping, which is about a
    hundred times slower on a question page's data."""
    return text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")


# What a staff "More info" explainer may contain once rendered from Markdown.
MORE_INFO_TAGS = {
    "h2", "h3", "h4", "p", "br", "ul", "ol", "li", "strong", "em", "b", "i",
    "blockquote", "a", "code", "pre", "hr",
}  # fmt: skip


def _to_the_second(value):
    """The moment in the current time zone, without the fraction of a second."""
    return timezone.localtime(value).replace(microsecond=0)


@register.filter
def html_datetime(value):
    """A <time datetime> value in the current time zone, to the second: HTML allows at
    most three decimals, and `date:'c'` writes six whenever there are microseconds."""
    if not value:
        return ""
    return _to_the_second(value).isoformat()


@register.filter(is_safe=True)
def shorten(value, limit: int) -> str:
    """`{{ question.body|shorten:160 }}`: as truncatechars, faster (machinery.text.shorten)."""
    return shorten_text(str(value), int(limit))


@register.simple_tag
def date_element(value):
    """`<time datetime="…">2026/11/24</time>`: the date as the site shows dates, in the
    current time zone, with the moment to the second for machines (see html_datetime). One
    tag for what took two filters, at a third of their cost: a list page shows twenty."""
    if not value:
        return ""
    local = _to_the_second(value)
    return format_html(
        '<time datetime="{}">{}</time>', local.isoformat(), local.strftime("%Y/%m/%d")
    )


@register.filter
def markdown(text: str) -> str:
    """Render staff-written Markdown to HTML that keeps only safe tags and attributes.

    Raw HTML in the source goes through the same allow-list: scripts, styles, event
    attributes and javascript: links are removed.
    """
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=MORE_INFO_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


@register.inclusion_tag("questions/_share_links.html", takes_context=True)
def share_links(context, question):
    """Plain share links (no third-party script) for a question page."""
    url = context["request"].build_absolute_uri(question.get_absolute_url())
    title = question.display_title
    return {
        "url": url,
        "line": "https://social-plugins.line.me/lineit/share?" + urlencode({"url": url}),
        "facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        "x": "https://x.com/intent/post?" + urlencode({"url": url, "text": title}),
        "email": "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote),
    }


@register.simple_tag
def ld_json(*documents):
    """schema.org JSON-LD blocks. A data block is not script: the CSP does not run it, and
    <, > and & are escaped as in json_script so text cannot close the element."""
    blocks = []
    for document in documents:
        if not document:
            continue
        text = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False)
        blocks.append(
            format_html(
                '<script type="application/ld+json">{}</script>',
                mark_safe(_escape_json(text)),  # noqa: S308 - escaped
            )
        )
    return mark_safe("\n".join(blocks))  # noqa: S308 - each block built by format_html


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without a query string, but with ?page=N past the first page."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        url += f"?page={page.number}"
    return url
