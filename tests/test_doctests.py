"""Run the Examples in every module's docstrings, so documentation that shows a call cannot rot."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import hemakg

PACKAGES = ("hemakg", "hemakg.builders", "hemakg.graph", "hemakg.ontology")


def _modules():
    names = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        names.append(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            if not info.ispkg and info.name != "__main__":
                names.append(f"{package_name}.{info.name}")
    return sorted(set(names))


@pytest.mark.parametrize("module_name", _modules())
def test_docstring_examples_run(module_name):
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {module_name}"


def test_the_package_has_a_version():
    assert hemakg.__version__
