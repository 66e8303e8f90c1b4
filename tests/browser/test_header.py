"""The header on a phone: the links fold behind a Menu button (keyboard and screen-reader
friendly, no inline script) and a search box stays in reach; on a desktop all is shown."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_the_phone_header_folds_its_links_behind_a_menu_button(archive, new_page):
    page = new_page(viewport=PHONE)
    page.goto("/")
    header = page.locator(".site-header")
    toggle = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="Departments")).to_be_hidden()
    assert header.bounding_box()["height"] < 140  # two short rows, not three of links
    expect(
        page.get_by_role("searchbox", name="Search the answered questions", exact=True)
    ).to_be_visible()

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Departments")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    toggle.click()
    nav.get_by_role("link", name="FAQ topics").click()
    expect(page).to_have_url(re.compile(r"/topics/$"))


def test_the_header_search_finds_answers_and_the_desktop_shows_every_link(archive, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto("/departments/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Departments")
    ).to_be_visible()
    page.get_by_role("searchbox", name="Search the answered questions", exact=True).fill(
        "legs jerk"
    )
    page.locator(".site-search").get_by_role("button", name="Search").click()
    expect(page.locator(".search-results")).to_contain_text(archive.answered[0].title)
