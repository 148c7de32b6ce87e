"""Faults: a load killed with SIGKILL at random points leaves the database as it was.

A corpus of generated documents (copies of the seed document's facts over slightly different
texts, referring to the seed's reference data and entities) makes a load that runs for seconds.
`dossier load` runs as a real process; the test kills it (SIGKILL, to its whole process group)
at seeded random points, from start-up to late in its writing, and each time compares every
table with what it held before. Afterwards an ordinary load of the same corpus succeeds.
"""

from __future__ import annotations

import copy
import hashlib
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, text

from seeds import DOCUMENTS_DIR
from tests.dbcontent import dump

SEED_FOLDER = DOCUMENTS_DIR / "uk-fcdo-2020-11-05-belarus-fresh-elections"
DOSSIER = Path(sys.executable).with_name("dossier")
FACT_SECTIONS = ("relations", "participants", "statements", "findings", "sanctions", "demands")
DOCUMENTS = 200
COPIES = 2  # each fact of the seed, twice per document under other keys
KILLS = 8
WAIT = 300  # seconds: a bound for any one load, never reached unless something hangs


def fact_rows(facts: dict[str, Any]) -> int:
    """How many fact rows a facts file makes: one per item, one per target of a sanction."""
    return sum(len(item.get("targets", [None])) for s in FACT_SECTIONS for item in facts.get(s, []))


def generate(folder: Path, count: int, copies: int) -> int:
    """`count` document folders; returns the fact rows each makes."""
    seed = yaml.safe_load((SEED_FOLDER / "facts.yaml").read_text(encoding="utf-8"))
    body = (SEED_FOLDER / "text.txt").read_text(encoding="utf-8")
    for number in range(count):
        text_ = f"{body}\n\nGenerated copy number {number}."
        document = dict(
            seed["document"],
            slug=f"generated-{number:04d}",
            text_sha256=hashlib.sha256(text_.encode("utf-8")).hexdigest(),
        )
        facts: dict[str, Any] = {"document": document}
        for section in FACT_SECTIONS:
            facts[section] = []
            for c in range(copies):
                for item in seed.get(section, []):
                    new = copy.deepcopy(item)  # no shared objects: no YAML aliases
                    new["key"] = f"{item['key']}-{c}"
                    if "statement" in new:
                        new["statement"] = f"{item['statement']}-{c}"
                    facts[section].append(new)
        out = folder / document["slug"]
        out.mkdir(parents=True)
        (out / "text.txt").write_bytes(text_.encode("utf-8"))
        (out / "facts.yaml").write_text(
            yaml.safe_dump(facts, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return fact_rows(facts)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, generate(folder, DOCUMENTS, COPIES)


def start_load(url: str, folder: Path) -> tuple[subprocess.Popen[str], queue.Queue[str | None]]:
    """`dossier load` in its own process group; its stderr lines arrive on the queue."""
    proc = subprocess.Popen(
        [str(DOSSIER), "load", "--db", url, str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return proc, lines


def kill_at(
    proc: subprocess.Popen[str], lines: queue.Queue[str | None], point: tuple[int, float]
) -> list[str]:
    """SIGKILL the load. `point` is (0, seconds after the start), or (n, share), n > 1: after
    the n-th stderr line, that share of the mean time between the lines from the first to the
    n-th (the time a few documents take, however fast the machine; lines come in bursts, as
    batches are written, so one interval alone can be far longer than the mean)."""
    after_lines, share = point
    seen: list[str] = []
    came = [time.monotonic()]
    while len(seen) < after_lines:
        line = lines.get(timeout=WAIT)
        assert line is not None, f"the load ended before line {after_lines}: {''.join(seen)}"
        seen.append(line)
        came.append(time.monotonic())
    time.sleep(share if after_lines == 0 else share * (came[-1] - came[1]) / (after_lines - 1))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=WAIT)
    return seen


@pytest.mark.parametrize("seed", [20201105])
def test_a_load_killed_at_random_points_leaves_the_database_as_it_was(
    seed: int, built_engine: Engine, corpus: tuple[Path, int]
) -> None:
    folder, facts_per_document = corpus
    url = built_engine.url.render_as_string(hide_password=False)
    rng = random.Random(f"{seed}-{built_engine.dialect.name}")
    # About twenty progress lines come in a load of this size; the last few are too close to
    # the commit to be sure of killing before it, so the latest point is within the 16th.
    # The first kill comes a random time after the start (start-up, reference data, the first
    # documents); the others after a random progress line, plus a share of the time between
    # two lines (a load gets faster; a test that kills after a fixed time gets late).
    points = [(0, rng.uniform(0.0, 1.0))]
    # (The first line's time is the start-up's, so shares are of the 2nd to the 15th line's.)
    points += [(rng.randint(2, 15), rng.uniform(0.0, 1.0)) for _ in range(KILLS - 1)]
    before = dump(built_engine)
    assert before["documents"], "the database was built first"
    for number, point in enumerate(points, 1):
        proc, lines = start_load(url, folder)
        seen = kill_at(proc, lines, point)
        assert proc.returncode == -signal.SIGKILL, (
            f"kill {number} at {point} came too late: the load ended by itself "
            f"({proc.returncode}) after {''.join(seen)}"
        )
        assert dump(built_engine) == before, f"kill {number} at {point} changed the database"
    if built_engine.dialect.name == "sqlite":
        with built_engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"

    proc, lines = start_load(url, folder)
    assert proc.wait(timeout=WAIT) == 0, "".join(iter(lines.get, None))
    with built_engine.connect() as conn:
        counts = dict(
            conn.execute(
                text(
                    "SELECT d.slug, COUNT(e.fact_id) FROM documents d "
                    "JOIN v_evidence e ON e.document_slug = d.slug "
                    "WHERE d.slug LIKE 'generated-%' AND e.fact_table <> 'events' "
                    "GROUP BY d.slug"
                )
            ).all()
        )
        mismatched = conn.execute(
            text("SELECT COUNT(*) FROM v_evidence WHERE quote_matches <> 1")
        ).scalar()
    assert counts == {f"generated-{n:04d}": facts_per_document for n in range(DOCUMENTS)}
    assert mismatched == 0
    after = dump(built_engine)
    for table, rows in before.items():
        assert set(rows) <= set(after[table]), f"the load lost or changed rows of {table}"
