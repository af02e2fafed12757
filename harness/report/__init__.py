"""The conformance report: a results file written by any run of the
conformance suite (`--conformance-report`), merged into a matrix of catalogue
items by browser and version (Markdown, HTML, JUnit), compared between runs
(`diff`), and checked against MDN's browser-compat-data (`bcd`).

Modules: `catalogue` (the CATALOGUE.md format), `outcomes` (a pytest report's
outcome), `results` (the results file), `collect` (the pytest plugin that
writes it), `suite` (where the conformance suite is), `matrix`, `diff`,
`markdown`, `html`, `junit`, `bcd`.
"""
