"""`utlatande serve` in a real browser: Debian's Chromium driven by Selenium. The live preview
follows the sources without a manual reload (a new text, a broken YAML file shown with its
line, the document again once mended), says when the server is gone, and axe-core finds no
violation of WCAG 2.1 A and AA on the index, on each example response's page and file, and on
a page of problems.

Skipped, saying why, where Chromium, chromedriver or axe-core (make test installs it with npm
into node_modules/) are missing; .ci/run installs them.
"""

from __future__ import annotations

import json
import shutil
import time

import pytest

from generator.commands.build import build
from generator.commands.session import Session, all_responses
from tests.conftest import EXAMPLE, REPO, SOF, copy_example, edit
from tests.serving import Served

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
#: The rules of WCAG 2.1 at levels A and AA, as axe-core tags them.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NAMES = [p.stem for p in all_responses(Session.open(EXAMPLE).layout)]


def _missing() -> str:
    if not CHROMIUM:
        return "Chromium is not installed (Debian: apt-get install chromium)"
    if not CHROMEDRIVER:
        return "chromedriver is not installed (Debian: apt-get install chromium-driver)"
    if not AXE.is_file():
        return "axe-core is not installed: make test installs it into node_modules/ with npm (Debian: apt-get install npm)"
    return ""


pytestmark = pytest.mark.skipif(bool(_missing()), reason=_missing() or "-")


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1100,1400", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def example_served(tmp_path_factory):
    server = Served.start(copy_example(tmp_path_factory.mktemp("served")))
    yield server
    server.stop()


def body_text(browser) -> str:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.TAG_NAME, "body").text


def wait_for(browser, condition, within: float) -> float:
    """Seconds until `condition(browser)` held; fails after `within`."""
    from selenium.common.exceptions import WebDriverException

    started = time.monotonic()
    while time.monotonic() - started < within:
        try:
            if condition(browser):
                return time.monotonic() - started
        except WebDriverException:  # the page is being replaced under us
            pass
        time.sleep(0.02)
    raise AssertionError(f"not within {within} s; the page says: {body_text(browser)[:600]}")


def test_the_preview_follows_the_sources_without_a_manual_reload(browser, project):
    server = Served.start(project)
    try:
        browser.get(server.url + "response/sof-2024-394-starkt-skydd")
        assert browser.title == "Skrivelse om stärkt skydd och stöd för socialtjänsten"
        browser.execute_script("window.notReloaded = true")

        edit(project / SOF, "Karin Karlung", "Karin Karlung-Berg")
        took = wait_for(browser, lambda b: "Karin Karlung-Berg" in body_text(b), 5)
        assert browser.execute_script("return window.notReloaded") is None, "the page reloaded itself"
        assert took < 1.0, f"the new text showed {took:.2f} s after the save"
        print(f"new text shown {took:.3f} s after the save")

        edit(project / SOF, "dnr: SOF 2024/394", "dnr: SOF 2024/394\ndate: [oops")
        wait_for(browser, lambda b: "cannot be shown" in body_text(b), 5)
        text = body_text(browser)
        assert "responses/sof-2024-394-starkt-skydd.yaml:6:5" in text and "YAML syntax error" in text
        assert "Karin Karlung-Berg" not in text, "the last good document is not shown"

        edit(project / SOF, "\ndate: [oops", "")
        wait_for(browser, lambda b: b.title == "Skrivelse om stärkt skydd och stöd för socialtjänsten", 5)
        assert "Karin Karlung-Berg" in body_text(browser) and "cannot be shown" not in body_text(browser)
    finally:
        status, _ = server.stop()
    assert status == 0
    # The server is gone: the page says it may no longer show the sources as they are.
    wait_for(browser, lambda b: "cannot be reached" in body_text(b), 10)


def _violations(browser) -> list[dict]:
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))))"
        ".catch(e => done([{id: 'axe failed', help: String(e)}]));", WCAG_21_AA)
    return result


@pytest.mark.parametrize("path", ["", *(f"response/{name}" for name in NAMES)], ids=["index", *NAMES])
def test_no_wcag_21_aa_violations_in_the_preview(browser, example_served, path):
    browser.get(example_served.url + path)
    violations = _violations(browser)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_axe_finds_a_violation_put_into_the_page(browser, example_served):
    """The check above can fail: axe-core runs in the page despite its Content-Security-Policy."""
    browser.get(example_served.url + "response/sof-2024-394-starkt-skydd")
    browser.execute_script("const p = document.createElement('p'); p.textContent = 'blek';"
                           "p.style.color = '#ccc'; document.querySelector('main').append(p);"
                           "document.documentElement.removeAttribute('lang');")
    assert {v["id"] for v in _violations(browser)} == {"color-contrast", "html-has-lang"}


@pytest.mark.parametrize("name", NAMES)
def test_no_wcag_21_aa_violations_in_the_html_file_to_publish(browser, tmp_path, name):
    build(Session.open(EXAMPLE), [EXAMPLE / "responses" / f"{name}.yaml"], tmp_path, ["html"])
    browser.get((tmp_path / f"{name}.html").as_uri())
    assert browser.execute_script("return getComputedStyle(document.querySelector('h1')).fontSize") == "21.3333px", \
        "the style sheet applies (16pt), its hash allowed by the page's policy"
    violations = _violations(browser)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_no_wcag_21_aa_violations_on_a_page_of_problems(browser, project):
    edit(project / SOF, "dnr: SOF 2024/394", "dnr: SOF 2024/394\ndate: [oops\nmeeting: 2024-02-30")
    server = Served.start(project)
    try:
        browser.get(server.url + "response/sof-2024-394-starkt-skydd")
        assert "cannot be shown" in body_text(browser)
        violations = _violations(browser)
    finally:
        server.stop()
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_the_draft_mark_is_shown_as_in_the_pdf(browser, project):
    """The draft mark: large, bold and red above the kind, as in the Word and PDF files."""
    from selenium.webdriver.common.by import By

    server = Served.start(project)
    try:
        browser.get(server.url + "response/sof-2024-394-starkt-skydd")
        mark = browser.find_element(By.CSS_SELECTOR, "header .marking")
        assert mark.text == "UTKAST" and mark.value_of_css_property("color") == "rgba(192, 0, 0, 1)"
        assert mark.value_of_css_property("font-weight") == "700"
        kind = browser.find_element(By.CSS_SELECTOR, "header .kind")
        assert mark.location["y"] < kind.location["y"]
    finally:
        server.stop()


def test_the_index_fits_a_phone_without_scrolling_sideways(browser, example_served):
    """On a 390 px wide phone the index shows each response as a block of named cells: nothing
    scrolls sideways, the caption is whole, and axe-core still finds nothing."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True})
    try:
        browser.get(example_served.url)
        measured = browser.execute_script(
            "const region = document.querySelector('[role=region]'), caption = document.querySelector('caption');"
            "const box = caption.getBoundingClientRect();"
            "return {width: window.innerWidth, page: document.documentElement.scrollWidth,"
            " region: [region.scrollWidth, region.clientWidth], caption: [box.left, box.right],"
            " label: getComputedStyle(document.querySelector('td'), '::before').content};")
        violations = _violations(browser)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert measured["width"] == 390 and measured["page"] <= 390, measured
    assert measured["region"][0] <= measured["region"][1], measured
    assert measured["caption"][0] >= 0 and measured["caption"][1] <= 390, measured
    assert measured["label"] == 'attr(data-label) ": "' or measured["label"].startswith('"Dnr'), measured
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
