"""The sessions API conformance suite: the behaviour catalogue (CATALOGUE.md), the
expectations per browser row (rows/*.toml), and the tests. Run it with
`pytest -n 2 --dist loadscope harness/conformance` or `sessions-conformance run`
(README.md beside this file)."""
