"""Approvals that cannot be faked: bound to the text, stale on change, signed with SSH keys."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest

from tests.conftest import KUNGSHOLMEN, SOF, approve, edit, printed

APPROVALS = "approvals/sof-2024-394-starkt-skydd.yaml"
R6 = "fragments/polisanmalan-och-incidentrapport.yaml"
QUESTIONS = "questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml"
needs_ssh = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen (OpenSSH client) is not installed")


def build(cli, project, *args):
    return cli("build", SOF, *args, cwd=project)


def word_text(project: Path) -> str:
    word = docx.Document(str(project / "build/sof-2024-394-starkt-skydd.docx"))
    headers = word.sections[0].first_page_header._element.xml + word.sections[0].header._element.xml
    return "\n".join(p.text for p in word.paragraphs) + "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells) + headers


def pdf_text(project: Path) -> str:
    reader = pypdf.PdfReader(str(project / "build/sof-2024-394-starkt-skydd.pdf"))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_draft_is_marked_utkast_in_word_and_pdf(cli, project):
    assert build(cli, project).code == 0
    assert "UTKAST" in word_text(project) and "UTKAST" in pdf_text(project)
    assert "Attesterat av" not in pdf_text(project)


def test_approve_then_the_final_document_shows_the_approval_table(cli, project):
    result = approve(cli, project, SOF)
    assert f"recorded: Veronica Wolgast Carstorp, Socialdirektör, 2024-06-12 in {APPROVALS}" in result.out
    assert build(cli, project).code == 0
    for text in (word_text(project), pdf_text(project)):
        assert "UTKAST" not in text
        assert "Detta dokument har godkänts digitalt av följande personer:" in text
        assert "Veronica Wolgast Carstorp, Socialdirektör" in text and "2024-06-12" in text


@pytest.mark.parametrize("where, old, new", [
    (SOF, "kan arbetsgivaren i vissa fall stå för anmälan", "kan arbetsgivaren ibland stå för anmälan"),
    (R6, "bör utredas om det ska", "ska utredas om det ska"),
    (QUESTIONS, "en nolltoleranspolicy där varje hot", "en nolltolerans där varje hot"),
])
def test_a_changed_word_anywhere_makes_the_approval_stale(cli, project, where, old, new):
    approve(cli, project, SOF)
    edit(project / where, old, new)
    result = build(cli, project)
    assert result.code == 1
    assert (f"{SOF}: the text has changed since Veronica Wolgast Carstorp (Socialdirektör) approved it on "
            "2024-06-12: Veronica Wolgast Carstorp must approve again") in result.err
    # The first word that differs: the edits may change the number of words after it.
    changed_old = old.split()[[a == b for a, b in zip(old.split(), new.split(), strict=False)].index(False)]
    assert f"[-{changed_old}" in result.err, "the short diff shows the removed word"
    assert f"utlatande build --draft {SOF}" in result.err
    assert not (project / "build").exists() or not list((project / "build").glob("sof-*"))
    edit(project / where, new, old)
    assert build(cli, project).code == 0, "reverting the change makes the approval valid again"
    assert "UTKAST" not in pdf_text(project)


def test_build_draft_leaves_stale_approvals_out(cli, project):
    approve(cli, project, SOF)
    edit(project / SOF, "i vissa fall stå för anmälan", "ibland stå för anmälan")
    result = build(cli, project, "--draft")
    assert result.code == 0, result.err
    text = pdf_text(project)
    assert "UTKAST" in text and "Attesterat av" not in text and "ibland stå för anmälan" in text


def test_formatting_and_comments_do_not_touch_an_approval(cli, project):
    approve(cli, project, SOF)
    source = (project / SOF).read_text(encoding="utf-8")
    reflowed = source.replace("  Bakgrunden till skrivelsen är att hot mot socialsekreterare är vanligt förekommande.\n  Skrivelsen",
                              "  Bakgrunden till skrivelsen är att hot mot socialsekreterare är vanligt\n  förekommande. Skrivelsen")
    (project / SOF).write_text("# En kommentar.\n" + reflowed.replace("meeting: 2024-09-24", "meeting: '2024-09-24'  # citerat"), encoding="utf-8")
    assert build(cli, project).code == 0
    assert "UTKAST" not in pdf_text(project)


def test_register_lists_status_and_approvals(cli, project):
    approve(cli, project, SOF)
    result = cli("list", cwd=project)
    assert result.code == 0
    rows = [re.split(r"\s{2,}", line) for line in result.out.splitlines()]
    assert rows[0] == ["DNR", "TITLE", "NÄMND", "MEETING", "STATUS", "APPROVALS", "FILE"]
    assert rows[2] == ["SOF 2024/394", "Skrivelse om stärkt skydd och stöd för socialtjänsten", "Socialnämnden",
                       "2024-09-24", "approved", "1 valid", SOF]
    edit(project / SOF, "i vissa fall stå för anmälan", "ibland stå för anmälan")
    result = cli("list", "--csv", cwd=project)
    assert result.out.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(result.out.lstrip("\ufeff")), delimiter=";"))
    assert table[0] == ["DNR", "TITLE", "NÄMND", "MEETING", "STATUS", "APPROVALS", "FILE"]
    assert table[1] == ["EXEMPEL 2024/123", "Skrivelse om behovet av stärkt skydd och stöd för socialtjänsten",
                        "Kungsholmens stadsdelsnämnd", "2024-10-17", "draft", "", KUNGSHOLMEN]
    assert table[2] == ["SOF 2024/394", "Skrivelse om stärkt skydd och stöd för socialtjänsten", "Socialnämnden",
                        "2024-09-24", "stale", "1 stale", SOF]


def test_hand_made_approval_record_is_refused(cli, project):
    approve(cli, project, SOF)
    text = (project / APPROVALS).read_text(encoding="utf-8")
    digest = re.search(r"content: sha256:([0-9a-f]{64})", text)[1]
    edit(project / APPROVALS, digest, digest[::-1])
    result = cli("check", cwd=project)
    assert result.code == 1
    assert f"{APPROVALS}:8:5: the approval by Veronica Wolgast Carstorp names a text that was never approved here" in result.err
    assert build(cli, project).code == 1


def test_approvals_in_the_response_itself_are_refused(cli, project):
    edit(project / SOF, "signatories:", "approvals:\n  - name: Någon\n    title: Chef\n    date: 2024-06-12\nsignatories:")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert "approvals are not written in the response" in result.err
    assert "record them with 'utlatande approve" in result.err


def test_approving_a_response_that_does_not_build_writes_nothing(cli, project):
    edit(project / SOF, "meeting: 2024-09-24", "meeting: 2024-02-30")
    result = cli("approve", SOF, "--name", "A", "--title", "B", "--date", "2024-06-12", cwd=project)
    assert result.code == 1
    assert "'2024-02-30' is not a real date" in result.err
    assert not (project / "approvals").exists()


def test_malformed_approval_date(cli, project):
    result = cli("approve", SOF, "--name", "A", "--title", "B", "--date", "2024-13-01", cwd=project)
    assert result.code == 2, "a wrong option is a usage error"
    assert "Invalid value for --date: '2024-13-01' is not a date: write it as YYYY-MM-DD" in result.err
    assert "Traceback" not in result.err
    assert not (project / "approvals").exists()


def test_the_same_person_cannot_approve_the_same_text_twice(cli, project):
    approve(cli, project, SOF)
    before = (project / APPROVALS).read_bytes()
    result = cli("approve", SOF, "--name", "Veronica Wolgast Carstorp", "--title", "Socialdirektör", "--date", "2024-06-13",
                 cwd=project)
    assert result.code == 1 and "has already approved this document" in result.err
    assert (project / APPROVALS).read_bytes() == before


def test_approving_again_after_a_change_replaces_the_stale_approval(cli, project):
    approve(cli, project, SOF)
    approve(cli, project, SOF, "Lisa Cadenius", "Avdelningschef", "2024-06-12")
    edit(project / SOF, "kan arbetsgivaren i vissa fall stå för anmälan", "kan arbetsgivaren ibland stå för anmälan")
    assert "Veronica Wolgast Carstorp must approve again" in build(cli, project).err
    approve(cli, project, SOF, "Veronica Wolgast Carstorp", "Socialdirektör", "2024-06-14")
    result = build(cli, project)
    assert result.code == 1 and "Lisa Cadenius must approve again" in result.err
    assert "Veronica Wolgast Carstorp must approve" not in result.err
    approve(cli, project, SOF, "Lisa Cadenius", "Avdelningschef", "2024-06-14")
    assert build(cli, project).code == 0
    text = word_text(project)
    assert "2024-06-14" in text and "2024-06-12" not in text, "only the approvals that hold are printed"
    assert (project / APPROVALS).read_text(encoding="utf-8").count("name:") == 4, "the earlier approvals stay as history"
    listed = cli("list", cwd=project)
    assert "approved" in listed.out and "stale" not in listed.out


def test_approving_the_earlier_text_again_after_approving_a_later_one(cli, project):
    approve(cli, project, SOF)
    edit(project / SOF, "kan arbetsgivaren i vissa fall stå för anmälan", "kan arbetsgivaren ibland stå för anmälan")
    approve(cli, project, SOF, "Veronica Wolgast Carstorp", "Socialdirektör", "2024-06-13")
    edit(project / SOF, "kan arbetsgivaren ibland stå för anmälan", "kan arbetsgivaren i vissa fall stå för anmälan")
    assert "Veronica Wolgast Carstorp must approve again" in build(cli, project).err
    approve(cli, project, SOF, "Veronica Wolgast Carstorp", "Socialdirektör", "2024-06-14")
    assert build(cli, project).code == 0


def test_an_approval_dated_after_the_meeting_is_refused_when_it_is_given(cli, project):
    result = cli("approve", SOF, "--name", "Veronica Wolgast Carstorp", "--title", "Socialdirektör", "--date", "2024-09-25",
                 cwd=project)
    assert result.code == 1
    assert "--date: 2024-09-25 is after the nämnd's meeting (2024-09-24)" in result.err and "hint:" in result.err
    assert not (project / APPROVALS).exists()


def test_dnr_used_twice(cli, project):
    edit(project / KUNGSHOLMEN, "dnr: EXEMPEL 2024/123", "dnr: SOF 2024/394")
    edit(project / KUNGSHOLMEN, "organisation: kungsholmen", "organisation: socialforvaltningen")
    edit(project / KUNGSHOLMEN, "avdelning: Stadsdelsdirektörens stab", "avdelning: Avdelningen för strategi och utveckling")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert f"{SOF}:4:6: the dnr SOF 2024/394 is also used by {KUNGSHOLMEN}" in result.err


def test_dates_in_the_wrong_order_are_warned_about(cli, project):
    edit(project / SOF, "forvaltningsgrupp: 2024-09-18", "forvaltningsgrupp: 2024-09-30")
    edit(project / SOF, "meeting: 2024-09-24", "meeting: 2024-10-08")
    edit(project / QUESTIONS, "date: 2024-05-21", "date: 2024-07-01")
    approve(cli, project, SOF, "Veronica Wolgast Carstorp", "Socialdirektör", "2024-10-01")
    result = cli("check", cwd=project)
    assert result.code == 0, result.err
    assert "warning: the skrivelse is dated 2024-07-01, after the tjänsteutlåtande (2024-06-10)" in result.err
    assert "warning: Veronica Wolgast Carstorp approved on 2024-10-01, after the förvaltningsgrupp treated the case (2024-09-30)" in result.err


def test_an_approval_after_the_meeting_is_an_error(cli, project):
    approve(cli, project, SOF, "Veronica Wolgast Carstorp", "Socialdirektör", "2024-09-20")
    edit(project / SOF, "meeting: 2024-09-24", "meeting: 2024-09-18")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert (f"{APPROVALS}:8:5: Veronica Wolgast Carstorp approved on 2024-09-20, after the nämnd's meeting "
            "(2024-09-18)") in result.err


def test_an_approval_in_the_future_is_refused(cli, project):
    result = cli("approve", SOF, "--name", "Veronica Wolgast Carstorp", "--title", "Socialdirektör", "--date", "2099-01-01",
                 cwd=project)
    assert result.code == 1
    assert "--date: 2099-01-01 is in the future" in result.err
    assert not (project / "approvals").exists() or not list((project / "approvals").glob("*.yaml"))


# Signed approvals ---------------------------------------------------------------------------

def keypair(folder: Path, name: str) -> tuple[Path, str]:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", str(key)], check=True)
    return key, " ".join(key.with_suffix(".pub").read_text().split()[:2])


def allow(project: Path, name: str, public: str) -> None:
    signers = project / "approvals/allowed_signers"
    signers.parent.mkdir(exist_ok=True)
    with signers.open("a", encoding="utf-8") as stream:
        stream.write(f'"{name}" {public}\n')


@needs_ssh
def test_signed_approval_verifies(cli, project, tmp_path):
    key, public = keypair(tmp_path, "veronica")
    allow(project, "Veronica Wolgast Carstorp", public)
    approve(cli, project, SOF, "Veronica Wolgast Carstorp", "Socialdirektör", "2024-06-12", "--sign", str(key))
    assert "-----BEGIN SSH SIGNATURE-----" in (project / APPROVALS).read_text(encoding="utf-8")
    assert cli("check", cwd=project).code == 0
    assert build(cli, project).code == 0 and "UTKAST" not in pdf_text(project)


@needs_ssh
def test_tampered_signed_approval_is_refused(cli, project, tmp_path):
    key, public = keypair(tmp_path, "veronica")
    allow(project, "Veronica Wolgast Carstorp", public)
    approve(cli, project, SOF, "Veronica Wolgast Carstorp", "Socialdirektör", "2024-06-12", "--sign", str(key))
    edit(project / APPROVALS, "date: 2024-06-12", "date: 2024-06-01")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert (f"{APPROVALS}:8:5: the signature of the approval by Veronica Wolgast Carstorp does not match the approval: "
            "the entry was changed after signing, or the signature is forged") in result.err


@needs_ssh
def test_a_key_not_allowed_for_the_name_is_refused(cli, project, tmp_path):
    _, veronica_public = keypair(tmp_path, "veronica")
    lisa, lisa_public = keypair(tmp_path, "lisa")
    allow(project, "Veronica Wolgast Carstorp", veronica_public)
    allow(project, "Lisa Cadenius", lisa_public)
    result = cli("approve", SOF, "--name", "Veronica Wolgast Carstorp", "--title", "Socialdirektör",
                 "--date", "2024-06-12", "--sign", str(lisa), cwd=project)
    assert result.code == 1
    assert "does not allow for Veronica Wolgast Carstorp" in result.err
    assert not (project / APPROVALS).exists()
    # Signed by Lisa's key but recorded under Veronica's name by hand: check refuses it.
    approve(cli, project, SOF, "Lisa Cadenius", "Avdelningschef", "2024-06-12", "--sign", str(lisa))
    edit(project / APPROVALS, 'name: Lisa Cadenius', 'name: Veronica Wolgast Carstorp')
    assert cli("check", cwd=project).code == 1


@needs_ssh
def test_profile_can_require_signed_approvals(cli, project, tmp_path):
    approve(cli, project, SOF)
    edit(project / "organisations/socialforvaltningen.yaml", "dnr_prefix: SOF", "dnr_prefix: SOF\nrequire_signed_approvals: true")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert "the approval by Veronica Wolgast Carstorp is not signed, and Socialförvaltningen requires signed approvals" in result.err
    result = cli("approve", SOF, "--name", "Lisa Cadenius", "--title", "Avdelningschef", "--date", "2024-06-12", cwd=project)
    assert result.code == 1 and "requires signed approvals" in result.err


def test_a_prefix_another_organisation_registers_under_is_refused(cli, project):
    # Kungsholmen's profile without its dnr_prefix; SOF is Socialförvaltningen's.
    edit(project / "organisations/kungsholmen.yaml", "dnr_prefix: EXEMPEL\n", "")
    edit(project / KUNGSHOLMEN, "dnr: EXEMPEL 2024/123", "dnr: SOF 2024/613")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert (f"{KUNGSHOLMEN}:" in result.err and "the dnr prefix 'SOF' is Socialförvaltningen's (socialforvaltningen.yaml), "
            "not Kungsholmens stadsdelsförvaltning's") in result.err
    questions = "questions/kungsholmen-liberalerna-starkt-skydd.yaml"
    result = cli("new", questions, "--organisation", "kungsholmen", "--dnr", "SOF 2024/613", "--out", "responses/ny.yaml",
                 cwd=project)
    assert result.code == 1 and "--dnr: the dnr prefix 'SOF' is Socialförvaltningen's" in result.err
    assert not (project / "responses/ny.yaml").exists()


def test_a_response_to_another_nämnd_than_the_skrivelse_is_warned_about(cli, project):
    edit(project / KUNGSHOLMEN, "skrivelse: questions/kungsholmen-liberalerna-starkt-skydd.yaml",
         "skrivelse: questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml")
    result = cli("check", cwd=project)
    assert ("warning: the skrivelse is addressed to Socialnämnden, but this response goes to Kungsholmens stadsdelsnämnd"
            in result.err), result.err


# A final document is registered --------------------------------------------------------------------

def test_approve_refuses_a_response_without_a_dnr_and_says_how_to_give_it(cli, project):
    edit(project / SOF, "dnr: SOF 2024/394\n", "")
    result = cli("approve", SOF, "--name", "Veronica Wolgast Carstorp", "--title", "Socialdirektör", "--date", "2024-06-12",
                 cwd=project)
    assert result.code == 1, result.err
    assert (f"{SOF}:4:1: the response has no dnr: a final tjänsteutlåtande is registered before it is approved"
            " [dnr-missing]") in result.err
    assert "e.g. 'dnr: SOF 2024/123'; until then build it as a draft: utlatande build --draft" in result.err
    assert not (project / APPROVALS).exists()
    assert cli("build", SOF, "--draft", cwd=project).code == 0, "a draft is built without a dnr"
    assert "Dnr [ej diariefört]" in cli("text", "build/sof-2024-394-starkt-skydd.pdf", cwd=project).out


def test_a_profile_without_a_prefix_is_named_in_the_hint(cli, project):
    edit(project / "organisations/kungsholmen.yaml", "dnr_prefix: EXEMPEL\n", "")
    edit(project / KUNGSHOLMEN, "dnr: EXEMPEL 2024/123\n", "")
    result = cli("approve", KUNGSHOLMEN, "--name", "Ann-Christine Hansson", "--title", "Stadsdelsdirektör",
                 "--date", "2024-09-30", cwd=project)
    assert result.code == 1 and "the prefix as 'dnr_prefix' in organisations/kungsholmen.yaml" in result.err


def test_a_project_may_make_the_missing_dnr_a_warning(cli, project):
    (project / "utlatande.toml").write_text('[rules]\ndnr-missing = "warning"\n', encoding="utf-8")
    edit(project / SOF, "dnr: SOF 2024/394\n", "")
    approve(cli, project, SOF)
    result = cli("build", SOF, cwd=project)
    assert result.code == 0 and "warning: the response has no dnr" in result.err
    assert "Attesterat av" in cli("text", "build/sof-2024-394-starkt-skydd.pdf", cwd=project).out


# The approval table's order -------------------------------------------------------------------------

def test_the_approval_table_follows_the_signatories_then_the_declared_order(cli, project):
    """Approved the same day, or the avdelningschef first: the table lists them as the
    signatures stand, the socialdirektör first; `approval_order` says otherwise."""
    approve(cli, project, SOF, "Lisa Cadenius", "Avdelningschef", "2024-06-11")
    approve(cli, project, SOF, "Veronica Wolgast Carstorp", "Socialdirektör", "2024-06-12")
    assert cli("build", SOF, cwd=project).code == 0
    first, second = "Veronica Wolgast Carstorp, Socialdirektör", "Lisa Cadenius, Avdelningschef"
    for suffix, text in printed(cli, project, SOF).items():
        assert first in text and second in text and text.index(first) < text.index(second), suffix
    edit(project / SOF, "signatories:", "approval_order: [Lisa Cadenius, Veronica Wolgast Carstorp]\nsignatories:")
    assert cli("build", SOF, cwd=project).code == 0, "the order is not part of what was approved"
    for suffix, text in printed(cli, project, SOF).items():
        assert text.index(second) < text.index(first), suffix
