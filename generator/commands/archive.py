"""`utlatande archive`: an approved, final, registered response as the registrar's package
(generator/archive/), written as a folder and a .zip under OUT/archive/.

What the package says is gathered here from the session (the records, the final document, the
approvals and what they bind), never from the YAML; the refusals are the archive's rules
(checks/rules.py). A package is never replaced by a different one: a changed document is
archived as a new version, in a package of its own that names the one it replaces.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from generator import settings, swedish
from generator.archive import formats
from generator.archive.package import package_files
from generator.archive.submission import Approver, DataFile, Incoming, Officer, Submission, package_id
from generator.archive.zipped import zipped
from generator.checks import rules
from generator.commands.incremental import inputs
from generator.commands.outputs import FORMATS
from generator.commands.session import Built, Session
from generator.errors import Position, Problem, Problems, SourceError
from generator.i18n import t
from generator.output import OutputError, write_atomically
from generator.review.approvals import ALLOWED_SIGNERS, approvals_file, signed_message, text_file
from generator.review.fingerprint import layout_digest
from generator.sources.boundary import relative_to_project
from generator.sources.layout import SHIPPED_TEMPLATES
from generator.sources.project import Case
from generator.sources.records import Approval, FragmentRef

#: The folder under OUT that packages are written to.
FOLDER = "archive"
SOFTWARE = "utlatande"
#: Under metadata/other/: the project's sources, and the signed approvals' signatures.
PROJECT, SIGNATURES = "projekt", "signaturer"


@dataclass
class Archived:
    """One response's package: where it is, and whether this run wrote it (False: the same
    package was already there)."""

    folder: Path
    zip: Path
    written: bool
    warnings: list[Problem] = field(default_factory=list)


def ready(session: Session, response: Path) -> str | None:
    """Why `response` is not one to archive (not approved and final, or without a dnr), or None."""
    case = session.case(response)
    if case.response.dnr is None:
        return t("no dnr")
    status, verdict = session.status(case)
    if status != "approved" or verdict.legacy:
        return t(status)
    return None


def archive(session: Session, response: Path, out: Path, new_version: bool = False) -> Archived:
    """Writes the package of `response` under `out`/archive/, or finds it there already."""
    case = session.case(response)
    warnings = Problems()
    built = _final(session, case, response)
    dnr = str(case.response.dnr)
    folder = out / FOLDER
    versions = _versions(folder, dnr)
    version = max(versions, default=1)
    submission, project = _submission(session, case, built, response, version, warnings)
    files = package_files(submission, *project)
    if versions:
        existing = _existing(folder, submission.identifier)
        if existing != files:
            if not new_version:
                raise _refused_overwrite(folder / submission.identifier, dnr, existing or {}, files)
            submission, project = _submission(session, case, built, response, version + 1, warnings)
            files = package_files(submission, *project)
    written = _write(folder, submission.identifier, files, zipped(submission.identifier, files, submission.final))
    return Archived(folder / submission.identifier, folder / f"{submission.identifier}.zip", written, warnings.items)


def _final(session: Session, case: Case, response: Path) -> Built:
    """The final document, or the archive's refusal: without a dnr, never approved, or with an
    approval that no longer holds."""
    if case.response.dnr is None:
        raise _refusal(rules.ARCHIVE_DNR, case.response.at,
                       t("{response} has no dnr: a response is archived under its registered diary number",
                         response=relative_to_project(response, session.layout.root)),
                       t("ask the registrar for the dnr, write it as 'dnr: PREFIX YEAR/NUMBER' in the response, then "
                         "approve the document again"))
    if not approvals_file(session.layout.approvals, response).exists():
        raise _refusal(rules.ARCHIVE_UNAPPROVED, Position(response),
                       t("{response} is a draft: nobody has approved it",
                         response=relative_to_project(response, session.layout.root)),
                       t("only the final document is archived: approve it with 'utlatande approve', then archive"))
    built = session.built(response, fail_on_stale=False)
    if built.stale:
        problems = [Problem(p.at, p.message, p.hint, code=rules.ARCHIVE_STALE.code) for p in built.stale]
        raise SourceError(problems)
    verdict, _, _ = session.verdict(case)
    if verdict.legacy:
        names = ", ".join(approval.name for approval in verdict.legacy)
        raise _refusal(rules.ARCHIVE_STALE, verdict.legacy[0].at or Position(response),
                       t("the approvals by {names} were recorded by an earlier version of utlatande and do not cover "
                         "the templates, fonts and profile", names=names),
                       t("bind them with 'utlatande approvals migrate', then archive"))
    if not built.final:
        raise _refusal(rules.ARCHIVE_UNAPPROVED, Position(response),
                       t("{response} has no approval that holds: it is not final",
                         response=relative_to_project(response, session.layout.root)),
                       t("only the final document is archived: approve it with 'utlatande approve', then archive"))
    return built


def _refusal(rule: rules.Rule, at: Position, message: str, hint: str) -> SourceError:
    """A refusal: always an error, whatever the settings (the archive's rules are fixed)."""
    return SourceError([Problem(at, message, hint, code=rule.code)])


def _submission(session: Session, case: Case, built: Built, response: Path, version: int,
                warnings: Problems) -> tuple[Submission, tuple[str, str | None, str | None]]:
    """What the package says, and (for its README) the response's path in the project, the
    allowed signers' path under metadata/other/ and where the received skrivelse lies."""
    from generator.review.published import check_published  # reads PDFs: loaded only when archiving

    root = session.layout.root
    record = case.response
    session.check_pdf_text(response, built.document)
    pdf = FORMATS["pdf"].render(built.document, session.layout, response)
    check_published(built.document, {"pdf": pdf}, response, session.suspects(case))
    verdict, _, binding = session.verdict(case)
    approvals = sorted(verdict.valid, key=lambda a: (a.date, a.name))
    other = _project_files(session, case, approvals)
    signers = None
    approvers = []
    for number, approval in enumerate(approvals, 1):
        signature = None
        if approval.signature:
            signature = f"{SIGNATURES}/{number}.sig"
            other[signature] = (approval.signature.strip() + "\n").encode("utf-8")
            other[f"{SIGNATURES}/{number}.txt"] = signed_message(approval)
            signers = f"{PROJECT}/approvals/{ALLOWED_SIGNERS}"
        approvers.append(Approver(approval.name, approval.title, approval.date, approval.content,
                                  layout_digest(dict(approval.layout)), signature))
    original, original_at = _original(session, case, warnings)
    skrivelse = case.skrivelse
    officer = record.handlaggare
    organisation = case.organisation
    submission = Submission(
        dnr=str(record.dnr), version=version,
        previous=package_id(str(record.dnr), version - 1) if version > 1 else None,
        title=built.document.meta.title, forvaltning=organisation.forvaltning,
        avdelning=record.avdelning.value if record.avdelning else None,
        namnd=record.namnd or organisation.namnd.name, classification=organisation.klassificering,
        date=built.document.meta.date, meeting=record.meeting,
        handlaggare=Officer(officer.name, swedish.phone(officer.phone.value, organisation.groups_phones)
                            if officer.phone else None, officer.email) if officer else None,
        approvals=tuple(approvers),
        skrivelse=Incoming(skrivelse.title, skrivelse.party.name, skrivelse.party.abbreviation, skrivelse.authors,
                           skrivelse.date, skrivelse.received, skrivelse.addressee, original),
        document=formats.archived_pdf(f"{response.stem}.pdf", pdf),
        content=binding.content, layout=tuple(sorted(binding.layout.items())), layout_digest=layout_digest(binding.layout),
        software=SOFTWARE, software_version=metadata.version(SOFTWARE),
        other=tuple(sorted(other.items())),
    )
    return submission, (relative_to_project(response, root), signers, original_at)


def _project_files(session: Session, case: Case, approvals: list[Approval]) -> dict[str, bytes]:
    """The sources the document is built from, as a project to rebuild it in (under projekt/):
    the response, its skrivelse, profile, fragments and the programmes they quote, the settings,
    the approvals with the texts they approved, and the layout files utlatande does not ship."""
    root, layout = session.layout.root, session.layout
    used = {p.id: case.fragments[p.id] for p in case.response.parts() if isinstance(p, FragmentRef) and p.id in case.fragments}
    programmes = {case.programmes[f.source.name].path for f in used.values() if f.source and f.source.name in case.programmes}
    texts = [text_file(layout.approvals, approval.content) for approval in approvals]
    candidates = [*inputs(case, layout), *programmes, *texts, root / settings.FILE]
    files: dict[str, bytes] = {}
    for path in candidates:
        if not path.is_file():
            continue
        name = relative_to_project(path, root)
        if name.startswith("templates/") and _shipped(path, layout.templates):
            continue
        files[f"{PROJECT}/{name}"] = path.read_bytes()
    return files


def _shipped(path: Path, templates: Path) -> bool:
    """Whether a layout file is the very one utlatande ships (a rebuild takes it from utlatande)."""
    shipped = SHIPPED_TEMPLATES / path.relative_to(templates)
    return shipped.is_file() and shipped.read_bytes() == path.read_bytes()


def _original(session: Session, case: Case, warnings: Problems) -> tuple[DataFile | None, str | None]:
    """The skrivelse as it was received: the file beside its YAML with the same name (x.pdf for
    x.yaml). Without one, a warning (rule archive-skrivelse-original) and the package holds the
    skrivelse's description alone."""
    path = case.skrivelse.path
    found = sorted(p for p in path.parent.glob(f"{glob.escape(path.stem)}.*")
                   if p.is_file() and p.suffix.lower() not in (".yaml", ".yml"))
    root = session.layout.root
    if len(found) > 1:
        raise SourceError.at(Position(found[1]),
                             t("{files} could each be the skrivelse as it was received",
                               files=", ".join(relative_to_project(p, root) for p in found)),
                             t("keep the file that came in beside {skrivelse} and move the others elsewhere",
                               skrivelse=relative_to_project(path, root)))
    if not found:
        warnings.report(rules.ARCHIVE_ORIGINAL, Position(path),
                        t("the skrivelse as it was received is not in the project: the package describes it but does "
                          "not hold it"),
                        t("put the file that came in (PDF, Word or text) beside {skrivelse}, with the same name: {name}.pdf",
                          skrivelse=relative_to_project(path, root), name=path.stem))
        warnings.raise_if_any()
        return None, None
    return formats.received(found[0].name, found[0].read_bytes()), relative_to_project(found[0], root)


def _versions(folder: Path, dnr: str) -> set[int]:
    """The versions of the packages already in `folder` for `dnr` (as folders or zips)."""
    pattern = re.compile(re.escape(package_id(dnr, 0)[:-1]) + r"(?P<version>[1-9][0-9]*)(?:\.zip)?")
    if not folder.is_dir():
        return set()
    return {int(match["version"]) for entry in folder.iterdir() if (match := pattern.fullmatch(entry.name))}


def _existing(folder: Path, identifier: str) -> dict[str, bytes] | None:
    """The package's files as they are in `folder`: from its zip, else its folder."""
    import zipfile

    archive = folder / f"{identifier}.zip"
    if archive.is_file():
        try:
            with zipfile.ZipFile(archive) as opened:
                prefix = identifier + "/"
                return {info.filename.removeprefix(prefix): opened.read(info) for info in opened.infolist()
                        if not info.is_dir()}
        except (OSError, zipfile.BadZipFile):
            return None
    tree = folder / identifier
    if tree.is_dir():
        return {path.relative_to(tree).as_posix(): path.read_bytes() for path in sorted(tree.rglob("*")) if path.is_file()}
    return None


def _refused_overwrite(existing: Path, dnr: str, before: dict[str, bytes], after: dict[str, bytes]) -> SourceError:
    # The documents first: what a registrar needs to know is whether the document itself changed.
    differing = sorted((path for path in before.keys() | after.keys() if before.get(path) != after.get(path)),
                       key=lambda path: ("/data/" not in path, path))
    shown = ", ".join(differing[:4]) + (", …" if len(differing) > 4 else "")
    return _refusal(rules.ARCHIVE_OVERWRITE, Position(existing),
                    t("an earlier, different package for {dnr} is here; it differs in {files}", dnr=dnr, files=shown),
                    t("a package is never replaced: to archive the changed document as a new version, in a package "
                      "of its own that names this one, run: utlatande archive --new-version RESPONSE"))


def _write(folder: Path, identifier: str, files: dict[str, bytes], archive: bytes) -> bool:
    """Writes the zip and the folder that are missing (each whole or not at all); False when both
    were there already."""
    zip_path, tree = folder / f"{identifier}.zip", folder / identifier
    written = False
    try:
        if not zip_path.is_file() or zip_path.read_bytes() != archive:
            write_atomically(zip_path, archive)
            written = True
        if not tree.is_dir():
            partial = folder / f".{identifier}.tmp-{os.getpid()}"
            shutil.rmtree(partial, ignore_errors=True)
            for path, data in files.items():
                target = partial / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            partial.rename(tree)
            written = True
    except OutputError as exc:
        raise SourceError.at(Position(exc.path), t("cannot write the package: {reason}", reason=exc.reason), exc.hint) from None
    except OSError as exc:
        raise SourceError.at(Position(tree), t("cannot write the package: {reason}", reason=exc.strerror or str(exc)),
                             t("check that the folder can be written to and that the disk is not full")) from None
    return written
