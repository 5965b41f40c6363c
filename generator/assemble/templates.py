"""The Jinja2 environments: fixed wordings as plain text, the document structure as Markdown.

Both are sandboxed with strict undefined variables. The document environment escapes every
printed value into Markdown, so text from YAML is printed literally and can never add
structure; only pre-built blocks (`Raw`) pass through unchanged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import jinja2.bccache
import jinja2.meta
from jinja2.environment import TemplateModule
from jinja2.sandbox import SandboxedEnvironment

from generator import swedish
from generator.errors import Position, SourceError
from generator.i18n import t, tc
from generator.sources.records import Party

DOCUMENT_TEMPLATE = "tjansteutlatande.md.j2"
PHRASES_TEMPLATE = "phrases.j2"

#: The ASCII punctuation that can start or mark structure in CommonMark with tables: '~' a code
#: fence, '=' a heading's underline, ')' a list item. CommonMark prints any escaped ASCII
#: punctuation as itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~=])")
_Produced = TypeVar("_Produced")


class Raw(str):
    """Markdown that the document template prints unescaped (slot tokens only)."""


def markdown_escape(value: object) -> str:
    """Text that Markdown prints literally: specials backslash-escaped, & and < as entities."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _finalize(value: object) -> object:
    if isinstance(value, Raw):
        return value
    if value is None:
        return ""
    return markdown_escape(value)


def _with_party(name: str, party: Party) -> str:
    return f"{name} ({party.abbreviation})"


FILTERS = {
    "written": swedish.written_date,
    "iso": swedish.iso_date,
    "joined": swedish.joined,
    "capitalised": swedish.capitalised,
    "phone": swedish.phone,
    "with_party": _with_party,
}


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process. Jinja2 uses one only while the
    template's text is the one it was compiled from (it compares their checksums), so an edit is
    compiled anew; the resident build server compiles the project's templates once, ahead of the
    builds it runs. One per environment: their options shape the compiled code."""

    LIMIT = 64

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if len(self._compiled) >= self.LIMIT:
            del self._compiled[next(iter(self._compiled))]
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_PHRASES_COMPILED = _Compiled()
_DOCUMENT_COMPILED = _Compiled()


def sandbox(**options: Any) -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, **options)
    env.filters.update(FILTERS)
    return env


@dataclass
class Templates:
    """The loaded templates of one templates/ folder."""

    folder: Path

    def __post_init__(self) -> None:
        self._loader = jinja2.FileSystemLoader(str(self.folder))
        self.phrases_env = sandbox(loader=self._loader, bytecode_cache=_PHRASES_COMPILED)
        self.document_env = sandbox(loader=self._loader, finalize=_finalize, trim_blocks=True, lstrip_blocks=True,
                                    bytecode_cache=_DOCUMENT_COMPILED)
        self._phrases: TemplateModule | None = None
        self._variables: set[str] | None = None

    @property
    def phrases(self) -> TemplateModule:
        """The macros of phrases.j2, called like functions: `templates.phrases.decision(namnd)`."""
        if self._phrases is None:
            self._phrases = self._guard(self.phrases_env, PHRASES_TEMPLATE,
                                        lambda: self.phrases_env.get_template(PHRASES_TEMPLATE).module)
        return self._phrases

    def phrase(self, name: str, *args: object) -> str:
        macro = getattr(self.phrases, name, None)
        if macro is None:
            raise SourceError.at(
                Position(self.folder / PHRASES_TEMPLATE), t("the macro '{name}' is missing", name=name),
                t("add {{% macro {name}(…) %}} to the file; templates copied by an earlier version of utlatande lack "
                  "the macros added since: 'utlatande init' in an empty folder writes today's, to copy from", name=name),
            )
        return " ".join(str(self._guard(self.phrases_env, PHRASES_TEMPLATE, lambda: macro(*args))).split())

    def has_phrase(self, name: str) -> bool:
        """Whether phrases.j2 has the macro `name` (one copied by an earlier version may not)."""
        return getattr(self.phrases, name, None) is not None

    def mentions(self, name: str) -> bool:
        """Whether phrases.j2 uses `name` (a value's attribute, as `skrivelse.and_others`): one
        copied by an earlier version of utlatande may not know a value added since."""
        source = self._guard(self.phrases_env, PHRASES_TEMPLATE, lambda: self._source(self.phrases_env, PHRASES_TEMPLATE))
        return re.search(rf"\b{re.escape(name)}\b", source) is not None

    @staticmethod
    def _source(env: jinja2.Environment, name: str) -> str:
        assert env.loader is not None, "both environments are made with the templates folder's loader"
        source, _, _ = env.loader.get_source(env, name)
        return source

    def reads(self, variable: str) -> bool:
        """Whether the document template uses `variable`: one copied by an earlier version of
        utlatande may not know a key added since, and would leave it out without a word."""
        if self._variables is None:
            def parse() -> set[str]:
                # The template and those it includes, imports or extends, each once.
                found: set[str] = set()
                names, seen = [DOCUMENT_TEMPLATE], set()
                while names:
                    name = names.pop()
                    if name in seen:
                        continue
                    seen.add(name)
                    # Through the loader, which refuses a name that leads out of templates/.
                    source, _, _ = self._loader.get_source(self.document_env, name)
                    undeclared, referenced = _names_in(source)
                    found |= undeclared
                    names += referenced
                return found
            self._variables = self._guard(self.document_env, DOCUMENT_TEMPLATE, parse)
        return variable in self._variables

    def compile(self) -> None:
        """Compiles both templates ahead of their first use (the resident build server does)."""
        self.phrases  # noqa: B018 - compiled as it is loaded
        self.reads("")
        self._guard(self.document_env, DOCUMENT_TEMPLATE, lambda: self.document_env.get_template(DOCUMENT_TEMPLATE))

    def document(self, context: dict[str, object]) -> str:
        return self._guard(self.document_env, DOCUMENT_TEMPLATE,
                           lambda: self.document_env.get_template(DOCUMENT_TEMPLATE).render(context))

    def _guard(self, env: jinja2.Environment, name: str, produce: Callable[[], _Produced]) -> _Produced:
        """Runs a template, turning any error in it into a SourceError at the template's line.

        A template is the administrator's code: whatever goes wrong while it runs (an unknown
        variable, a loop the sandbox stops, a division by zero) is reported there.
        """
        try:
            try:
                return produce()
            except (jinja2.TemplateSyntaxError, jinja2.TemplateNotFound, UnicodeDecodeError):
                raise
            except Exception:  # noqa: BLE001 - re-raised at once, with the template's own line numbers
                env.handle_exception()
        except jinja2.TemplateSyntaxError as exc:
            path = Path(exc.filename) if exc.filename else self.folder / name
            raise SourceError.at(Position(path, exc.lineno or 0),
                                 t("template error: {error}", error=_jinja_message(exc.message or ""))) from None
        except jinja2.TemplateNotFound as exc:
            raise SourceError.at(Position(self.folder / str(exc.name)), t("template file not found")) from None
        except UnicodeDecodeError:
            raise SourceError.at(Position(self.folder / name), t("the template is not UTF-8"),
                                 t("save it as UTF-8, or put back the shipped file: git checkout -- templates/")) from None
        except Exception as exc:  # noqa: BLE001 - a template is the administrator's code: whatever it raises is reported there
            message = str(exc) if isinstance(exc, (jinja2.UndefinedError, jinja2.exceptions.SecurityError)) \
                else f"{type(exc).__name__}: {exc}"
            raise SourceError.at(
                _template_position(exc, self.folder / name), t("template error: {error}", error=_jinja_message(message)),
                t("check the variable names used in the templates against README.md"),
            ) from None


#: Parses as the document environment does (the same syntax options), for `_names_in`.
_DOCUMENT_SYNTAX = sandbox(trim_blocks=True, lstrip_blocks=True)


@functools.lru_cache(maxsize=16)
def _names_in(source: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The variables a document template's text uses and the templates it names, parsed once
    per text."""
    tree = _DOCUMENT_SYNTAX.parse(source)
    referenced = tuple(n for n in jinja2.meta.find_referenced_templates(tree) if isinstance(n, str))
    return frozenset(jinja2.meta.find_undeclared_variables(tree)), referenced


def _jinja_message(message: str) -> str:
    """Jinja2's message in the language of messages: an unknown name (a misspelt variable, the
    usual mistake) in ours; any other as Jinja2 says it, marked as its words."""
    undefined = re.fullmatch(r"'([^']+)' is undefined", message)
    if undefined:
        return t("'{name}' is undefined", name=undefined[1])
    return tc("Jinja2's own message, shown as it says it", "{error}").format(error=message)


def _template_position(exc: BaseException, template: Path) -> Position:
    """The innermost template line in the traceback (Jinja2 rewrites frames to template lines)."""
    traceback, found = exc.__traceback__, Position(template)
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = Position(Path(filename), traceback.tb_lineno)
        traceback = traceback.tb_next
    return found
