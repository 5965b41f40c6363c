"""The wheel's package data from outside the package: the templates (with the fonts), the
editor's schemas of the formats and the pinned versions (constraints.txt), copied into
generator/shipped/ as the wheel is built. The metadata is in pyproject.toml.

An editable install (`make`) copies nothing: its code runs from the repository, whose own
folders are what it ships (generator/sources/layout.py: SHIPPED). setuptools works in
.cache/setuptools/, so that build/ holds only documents.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPy(build_py):
    """build_py that also copies what utlatande ships beside its code."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        shipped = Path(self.build_lib) / "generator" / "shipped"
        shutil.rmtree(shipped, ignore_errors=True)
        shutil.copytree(HERE / "templates", shipped / "templates")
        (shipped / "schemas").mkdir(parents=True)
        for schema in sorted((HERE / "schemas").glob("*.schema.json")):
            if schema.name != "project.schema.json":  # the names of this repository's own sources
                shutil.copyfile(schema, shipped / "schemas" / schema.name)
        shutil.copyfile(HERE / "constraints.txt", shipped / "constraints.txt")


setup(cmdclass={"build_py": BuildPy}, options={"build": {"build_base": ".cache/setuptools"}})
