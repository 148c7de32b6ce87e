"""scripts/bench.py end to end on a small corpus, on both engines: its JSON has every figure
issues 7, 19 and 21 ask for (the bundle's load against the baseline, the YAML folders' load
per document, look-ups, the aggregate, searches, memory), and the figures agree with each
other (the times themselves are not asserted: they belong to the benchmark,
docs/performance.md)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from scripts.bench import CANNED, LOOKUPS, POSTGRES_URL_ENV

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = 30
PAIRS = 2


def test_the_benchmark_reports_every_figure_on_both_engines(
    postgres_server_url: str, tmp_path: Path
) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "scripts/bench.py",
            "--documents",
            str(DOCUMENTS),
            "--pairs",
            str(PAIRS),
            "--runs",
            "2",
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, POSTGRES_URL_ENV: postgres_server_url, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(results) == {"sqlite", "postgresql"}
    for engine, figures in results.items():
        assert figures["documents"] == DOCUMENTS, engine
        assert figures["facts"] > 50 * DOCUMENTS, engine
        pairs = figures["load_vs_baseline_pairs"]
        assert len(pairs) == len(figures["load_s_pairs"]) == PAIRS, engine
        # (each figure is rounded to 2 places: within 0.011 of each other)
        assert abs(figures["load_vs_baseline"] - statistics.median(pairs)) <= 0.011, engine
        for ratio, load, base in zip(
            pairs, figures["load_s_pairs"], figures["baseline_s_pairs"], strict=True
        ):
            assert abs(ratio - load / base) <= 0.02 * ratio + 0.01, (engine, ratio, load, base)
        assert abs(figures["load_s"] - statistics.median(figures["load_s_pairs"])) <= 0.011
        assert set(figures["query_ms_p50"]) == {lookup.view for lookup in LOOKUPS}, engine
        assert all(ms > 0 for ms in figures["query_ms_p50"].values()), engine
        assert figures["aggregate_ms"] > 0
        assert set(figures["search_ms_p50"]) == {"word", "phrase"}, engine
        assert all(ms > 0 for ms in figures["search_ms_p50"].values()), engine
        if engine == "sqlite":  # Datasette's canned queries: on the file it serves
            assert set(figures["canned_ms"]) == set(CANNED)
            assert all(ms > 0 for ms in figures["canned_ms"].values())
        else:
            assert "canned_ms" not in figures
        assert figures["yaml_documents"] == DOCUMENTS, engine
        assert figures["yaml_ms_per_document"] > 0, engine
        assert figures["peak_rss_mb"] > 0, engine
        growth = figures["peak_rss_mb"] / figures["tenth_peak_rss_mb"]
        assert abs(figures["memory_growth"] - growth) < 0.01, engine
