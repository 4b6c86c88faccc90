"""Tooling, not product: the synthetic country at national scale (`seed_scale`), the
benchmarks (`bench`, `bench_pdf`) and the load test (`bench/loadtest/`). It sits on top of every app
and imports them; no business app imports it (docs/design.md §6, tests/test_layers.py)."""
