"""The chat widget end to end: Debian's Chromium (driven by Playwright) on the demo page of a
real server over the real council documents, with the real embedding model.

Screenshots go to artifacts/widget/. The tests skip when Chromium or axe-core (npm ci) is
missing, unless ASSISTANT_BROWSER_TESTS=required (as .ci/run sets), when they fail instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import httpx
import pytest

from assistant.api import create_app
from tests.conftest import REPO
from tests.server import running

pytestmark = [pytest.mark.corpus, pytest.mark.browser]

CHROMIUM = os.environ.get("ASSISTANT_CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "artifacts" / "widget"
# the flags this machine's closed network needs (no background calls home)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ANSWERABLE = "What did Cabinet resolve about average speed cameras?"
UNANSWERABLE = "When will the new swimming pool on the moon open?"


def _require(available: bool, what: str) -> None:
    if available:
        return
    if os.environ.get("ASSISTANT_BROWSER_TESTS") == "required":
        pytest.fail(f"{what} is missing and ASSISTANT_BROWSER_TESTS=required")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="module")
def browser():
    _require(Path(CHROMIUM).is_file() or bool(shutil.which(CHROMIUM)), f"Chromium ({CHROMIUM})")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(corpus_build):
    app = create_app(corpus_build.settings, corpus_build.embedder)
    with running(app) as url:
        yield url


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    opened.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    asked: list[dict] = []
    opened.on(
        "request",
        lambda r: asked.append(json.loads(r.post_data)) if r.url.endswith("/ask/stream") else None,
    )
    opened.goto(f"{server}/")
    opened.problems = problems
    opened.asked = asked
    yield opened
    context.close()


# --- helpers: the widget lives in an open shadow root; Playwright's CSS locators pierce it ---


def focused(page) -> str:
    """What has the keyboard focus, looking inside the widget's shadow root."""
    return page.evaluate(
        """() => {
            let node = document.activeElement;
            while (node && node.shadowRoot && node.shadowRoot.activeElement) {
                node = node.shadowRoot.activeElement;
            }
            return node ? node.tagName.toLowerCase() + "." + (node.className || "") : "";
        }"""
    )


def open_with_keyboard(page) -> None:
    for _ in range(12):
        page.keyboard.press("Tab")
        if focused(page) == "button.launcher":
            break
    assert focused(page) == "button.launcher", "the launcher is not reachable with Tab"
    page.keyboard.press("Enter")
    panel = page.locator("council-assistant section[role=dialog]")
    assert panel.is_visible()
    assert focused(page).startswith("textarea"), "opening the panel puts focus in the question box"


def ask(page, question: str) -> None:
    box = page.locator("council-assistant textarea")
    box.fill(question)
    answers_before = page.locator("council-assistant .msg.assistant").count()
    box.press("Enter")
    last = page.locator("council-assistant .msg.assistant").nth(answers_before)
    last.locator(".sources").wait_for(timeout=60_000)


def last_answer(page):
    return page.locator("council-assistant .msg.assistant").last


def watch_streaming(page) -> None:
    """Record the answer text as it is written, before links and terms are put in."""
    page.evaluate(
        """() => {
            const root = document.querySelector("council-assistant").shadowRoot;
            window.__streamed = [];
            new MutationObserver((records) => {
                for (const r of records) for (const n of r.addedNodes) {
                    if (n.nodeType === Node.TEXT_NODE && n.parentElement?.matches(".body")) {
                        window.__streamed.push(n.textContent);
                    }
                }
            }).observe(root, { childList: true, subtree: true, characterData: true });
        }"""
    )


def axe_violations(page) -> list[dict]:
    _require(AXE.is_file(), f"axe-core ({AXE}; run npm ci)")
    page.evaluate(AXE.read_text())  # through DevTools: the page's CSP rightly refuses inline
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, { runOnly: { type: "tag", values:
                ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
            return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


# --- the tests ---


def test_a_conversation_by_keyboard_with_citations_follow_up_and_abstention(page, server):
    open_with_keyboard(page)
    watch_streaming(page)
    ask(page, ANSWERABLE)
    answer = last_answer(page)

    streamed = page.evaluate("window.__streamed")
    assert any("RESOLVED" in text for text in streamed), "the answer text arrives as a stream"
    cite = answer.locator("a.cite").first
    href = cite.get_attribute("href")
    assert re.fullmatch(rf"{re.escape(server)}/documents/\w+/file#page=\d+", href)
    assert cite.get_attribute("target") == "_blank"

    # the quote shows when the citation gets the keyboard focus, and Escape hides it
    cite.focus()
    tip = answer.locator(f"#{cite.get_attribute('aria-describedby')}")
    assert tip.is_visible() and "“" in tip.inner_text()
    screenshot(page, "desktop-answer-with-quote.png")
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    assert page.locator("council-assistant section[role=dialog]").is_visible()

    # glossary terms in the answer explain themselves on focus
    term = answer.locator("button.term").first
    term.focus()
    explanation = answer.locator(f"#{term.get_attribute('aria-describedby')}")
    assert explanation.is_visible() and len(explanation.inner_text()) > 20
    page.keyboard.press("Escape")

    # following the citation opens the original document at the cited page
    with page.context.expect_page() as opened:
        cite.click()
    assert opened.value.url == href
    document = httpx.get(href.split("#")[0])
    assert document.status_code == 200
    assert document.headers["content-type"] == "application/pdf"
    assert document.content.startswith(b"%PDF")
    opened.value.close()

    # a follow-up goes to the same conversation
    ask(page, "And when was that decided?")
    first, follow_up = page.asked[0], page.asked[1]
    assert first["conversation_id"] is None
    assert follow_up["conversation_id"], "the follow-up carries the conversation"
    assert last_answer(page).locator("a.cite").count() >= 1

    # an unanswerable question is shown as such, with passages to look at
    ask(page, UNANSWERABLE)
    refused = last_answer(page)
    assert "don't answer" in refused.locator(".abstained").inner_text()
    assert refused.locator(".sources a").count() >= 1
    assert refused.locator(".sources a").first.get_attribute("href").startswith(server)
    status = page.locator("council-assistant [role=status]")
    status.filter(has_text="do not answer").wait_for()

    # New conversation starts afresh
    page.get_by_role("button", name="New conversation").click()
    assert page.locator("council-assistant .msg").count() == 0
    ask(page, ANSWERABLE)
    assert page.asked[-1]["conversation_id"] is None

    # Escape closes the panel and gives the focus back to the launcher
    page.locator("council-assistant textarea").focus()
    page.keyboard.press("Escape")
    assert not page.locator("council-assistant section[role=dialog]").is_visible()
    assert focused(page) == "button.launcher"
    assert page.problems == []


def test_no_serious_accessibility_violations_with_an_answer_on_screen(page):
    assert axe_violations(page) == [], "the demo page with the widget closed"
    open_with_keyboard(page)
    ask(page, ANSWERABLE)
    last_answer(page).locator("a.cite").first.focus()  # a quote tooltip open too
    assert axe_violations(page) == []
    ask(page, UNANSWERABLE)
    assert axe_violations(page) == []


def test_usable_at_320_pixels_and_at_200_percent_zoom(browser, server):
    # 320 CSS pixels wide (WCAG reflow), and a 1280x800 window at 200% zoom: 640x400
    for name, viewport in (("320px", (320, 640)), ("zoom-200", (640, 400))):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        page.goto(f"{server}/")
        open_with_keyboard(page)
        ask(page, ANSWERABLE)
        panel = page.locator("council-assistant section[role=dialog]").bounding_box()
        assert panel["x"] >= 0 and panel["x"] + panel["width"] <= viewport[0] + 0.5
        for control in ("textarea", "button.send", "button:has-text('Close')"):
            box = page.locator(f"council-assistant {control}").bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport[0] + 0.5, control
            assert box["y"] >= 0 and box["y"] + box["height"] <= viewport[1] + 0.5, control
        overflow = page.evaluate(
            """() => { const log = document.querySelector("council-assistant")
                .shadowRoot.querySelector(".log");
                return log.scrollWidth - log.clientWidth; }"""
        )
        assert overflow <= 1, "no sideways scrolling in the conversation"
        log = page.locator("council-assistant .log").bounding_box()
        assert log["height"] >= viewport[1] / 3, "the conversation keeps room to be read"
        screenshot(page, f"{name}-answer.png")
        context.close()


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        ({"abort": "connectionrefused"}, "could not be reached"),
        ({"status": 429, "headers": {"Retry-After": "30"}}, "Too many questions"),
        ({"status": 503, "body": '{"detail": "no index"}'}, "not available just now"),
    ],
)
def test_errors_are_said_in_words_and_the_question_is_kept(page, failure, expected):
    # the failures are played by the browser's network layer: the server is fine
    def respond(route):
        if "abort" in failure:
            route.abort(failure["abort"])
        else:
            route.fulfill(
                status=failure["status"],
                headers=failure.get("headers", {}),
                content_type="application/json",
                body=failure.get("body", '{"detail": "slow down"}'),
            )

    page.route("**/ask/stream", respond)
    open_with_keyboard(page)
    box = page.locator("council-assistant textarea")
    box.fill(ANSWERABLE)
    box.press("Enter")
    alert = page.locator("council-assistant [role=alert]")
    alert.wait_for()
    assert expected in alert.inner_text()
    assert box.input_value() == ANSWERABLE
    assert page.locator("council-assistant .msg").count() == 0

    page.unroute("**/ask/stream")  # the service is back: the kept question is asked as it is
    page.locator("council-assistant button.send").click()
    last_answer(page).locator(".sources").wait_for(timeout=60_000)
    assert box.input_value() == ""
    assert not alert.is_visible()


def test_the_typed_question_survives_closing_the_panel_and_reloading(page):
    open_with_keyboard(page)
    page.locator("council-assistant textarea").press_sequentially("half a question")
    page.keyboard.press("Escape")
    page.reload()
    page.locator("council-assistant button.launcher").click()
    assert page.locator("council-assistant textarea").input_value() == "half a question"


def test_other_origins_are_refused_unless_allowed(corpus_build):
    allowed = "https://intranet.example.gov.uk"
    settings = corpus_build.settings.model_copy(update={"cors_origins": [allowed]})
    preflight = {"Access-Control-Request-Method": "POST"}
    with running(create_app(settings, corpus_build.embedder)) as url:
        ok = httpx.options(f"{url}/ask/stream", headers={**preflight, "Origin": allowed})
        other = httpx.options(
            f"{url}/ask/stream", headers={**preflight, "Origin": "https://evil.example"}
        )
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == allowed
    assert "access-control-allow-origin" not in other.headers
    with running(create_app(corpus_build.settings, corpus_build.embedder)) as url:
        default = httpx.options(f"{url}/ask/stream", headers={**preflight, "Origin": allowed})
    assert "access-control-allow-origin" not in default.headers
