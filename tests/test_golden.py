"""Golden tests: the text of each example response (tests/fixtures/example) against reviewed
text in tests/golden/.

After a deliberate change, regenerate with `make golden`, review `git diff tests/golden`, and
commit the new text together with the change that caused it.
"""

from __future__ import annotations

import os

import pytest

from generator.commands.session import Session, all_responses
from generator.model.text import document_text
from tests.conftest import EXAMPLE, REPO

GOLDEN = REPO / "tests" / "golden"
RESPONSES = all_responses(Session.open(EXAMPLE).layout)


@pytest.mark.parametrize("response", RESPONSES, ids=lambda p: p.stem)
def test_response_text_matches_the_reviewed_text(response):
    text = document_text(Session.open(EXAMPLE).document(response))
    golden = GOLDEN / f"{response.stem}.txt"
    if os.environ.get("UTLATANDE_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no reviewed text for {response.name}: run `make golden` and review it"
    assert text == golden.read_text(encoding="utf-8")


def test_every_response_has_golden_text():
    assert {p.stem for p in RESPONSES} == {p.stem for p in GOLDEN.glob("*.txt")}
