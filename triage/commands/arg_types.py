"""Argument types the subcommands share: a bad value is argparse's usage error, naming the flag."""

import argparse


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return int(text)


def file_path(text: str) -> str:
    """A path that is not empty: an unset variable passed as `--rules "$RULES"` would otherwise be
    read as the current folder ("Is a directory")."""
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a file's path, got an empty one")
    return text
