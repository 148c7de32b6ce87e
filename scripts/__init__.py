"""Command-line entry points of Dossier."""
