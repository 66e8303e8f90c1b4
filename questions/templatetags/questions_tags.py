from urllib.parse import quote, urlencode

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# What a staff "More info" explainer may contain once rendered from Markdown.
MORE_INFO_TAGS = {
    "h2", "h3", "h4", "p", "br", "ul", "ol", "li", "strong", "em", "b", "i",
    "blockquote", "a", "code", "pre", "hr",
}  # fmt: skip


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
