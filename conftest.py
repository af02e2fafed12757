"""Thin on purpose: the harness's fixtures come from its pytest11 plugin
(harness.plugin), installed with the package. Only the project's own plugin
tests need pytester."""

pytest_plugins = ["pytester"]
