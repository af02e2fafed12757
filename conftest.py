"""Thin on purpose: the harness's fixtures come from its pytest11 plugin
(harness.plugin), installed with the package; pytester is enabled in
pyproject.toml's addopts. This file's only job is to put the checkout first
on sys.path (pytest's default import mode does that for a conftest.py's
folder), so that `bench` and the harness of this checkout are found under
plain `pytest` as under `python -m pytest`."""
