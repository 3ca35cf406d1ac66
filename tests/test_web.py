"""The web chat page in headless Chromium (Debian's package), driven by Playwright."""

import os

import pytest
from limner.orchestrator.http import create_app

from .conftest import ServerThread, free_port, make_orch

CHROMIUM = "/usr/bin/chromium"


def browser_test(fn):
    """Marks a test that drives the page in Debian's Chromium (skipped, loudly, where it is not installed)."""
    skip = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="LOUD SKIP: Debian's chromium is not installed "
                              "(.ci/browser-deps could not install it); the web-page test did not run")
    return skip(pytest.mark.browser(pytest.mark.slow(fn)))


def launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, headless=True,
                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])


@browser_test
def test_chat_page_turn_and_refinement(tmp_path, components):
    from playwright.sync_api import expect, sync_playwright

    o = make_orch(tmp_path / "h", components)
    with ServerThread(create_app(o), free_port()) as srv, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(srv.url + "/")
        page.select_option("#n", "1")
        page.fill("#text", "a red house below a yellow sun")
        page.click("#send")
        img = page.locator(".turn img").first
        expect(img).to_be_visible(timeout=240_000)
        expect(page.locator(".turn .caption").first).to_contain_text("red house")
        assert page.evaluate("document.querySelector('.turn img').naturalWidth") > 0
        img.click()
        page.fill("#text", "make the house blue")
        page.click("#send")
        expect(page.locator(".turn").nth(1).locator("img")).to_be_visible(timeout=240_000)
        expect(page.locator(".turn").nth(1).locator(".caption").first).to_contain_text("blue")
        expect(page.locator(".turn")).to_have_count(2)  # earlier turns stay visible
        page.screenshot(path=str(tmp_path / "chat.png"))
        browser.close()
    o.close()


@browser_test
def test_the_page_asks_for_the_key_once_when_the_server_has_users(tmp_path, rule_components):
    from playwright.sync_api import expect, sync_playwright

    o = make_orch(tmp_path / "h", rule_components)
    key = o.store.add_user("alice")
    asked: list[str] = []
    with ServerThread(create_app(o), free_port()) as srv, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()

        def answer(dialog):
            asked.append(dialog.message)
            dialog.accept("wrong-key" if len(asked) == 1 else key)  # a typo first: asked again

        page.on("dialog", answer)
        page.goto(srv.url + "/")
        page.select_option("#n", "1")
        page.fill("#text", "a red house below a yellow sun")
        page.click("#send")
        expect(page.locator(".turn img").first).to_be_visible(timeout=240_000)
        page.fill("#text", "make the house blue")
        page.click("#send")
        expect(page.locator(".turn").nth(1).locator("img")).to_be_visible(timeout=240_000)
        assert len(asked) == 2 and "API key" in asked[0]  # kept for the tab: not asked for the second turn
        browser.close()
    sessions = [s for s in o.store.users() if s["name"] == "alice"]
    assert sessions[0]["sessions"] == 1  # the page's session belongs to alice
    o.close()
