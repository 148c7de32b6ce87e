"""Seed data (source documents, their facts, reference data) and the loader."""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent
DOCUMENTS_DIR = SEEDS_DIR / "documents"
REFERENCE_DIR = SEEDS_DIR / "reference"
