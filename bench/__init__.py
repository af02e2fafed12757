"""The benchmark: how much of the suite's time is the browser's own work.

`python -m bench` measures, side by side on one machine and in one run:

- calls:  a sessions call through the harness against the same call as a bare
          `driver.execute_async_script` on the same extension page;
- reset:  `browser.reset()` plus a trivial test against launching and quitting
          a fresh Firefox with the fixture extension (a browser per test);
- suite:  the conformance suite serial and with `-n 2`, and against
          (number of tests x one fresh launch);
- memory: peak resident memory of the browser processes during the suite,
          one worker and two.

Every figure is the median of several runs with its spread. See
docs/PERFORMANCE.md for the figures, the targets and what bounds each one.
"""
