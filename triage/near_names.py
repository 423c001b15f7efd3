"""The file a path with a typo meant: `rules/ownership.yml` for `rules/ownership.yaml`.

Asked only once a file is not found, so its imports wait until then."""

from __future__ import annotations

_NAMES_LOOKED_AT = 10_000
"""Enough for any folder rules are kept in; a folder of millions is not listed to the end."""


def missing_file_hint(source: str, error: OSError) -> str:
    """`near_name_hint` for a file the OS says is not there; "" for any other failure to read it."""
    return near_name_hint(source) if isinstance(error, FileNotFoundError) else ""


def near_name_hint(source: str) -> str:
    """`: did you mean rules/ownership.yaml?` for `rules/ownership.yml` or `rules/onwership.yaml`;
    "" when no name of its folder is close."""
    near = near_name(source)
    return f": did you mean {near}?" if near is not None else ""


def near_name(source: str) -> str | None:
    """A file of `source`'s folder whose name is close to its name (a YAML file's, for a YAML file),
    as a path written as `source` is; None when none is."""
    import difflib  # noqa: PLC0415 - only for a file not found
    import itertools  # noqa: PLC0415
    import os  # noqa: PLC0415

    folder, name = os.path.split(source)
    yaml_only = name.endswith(_YAML_SUFFIXES)
    try:
        with os.scandir(folder or ".") as entries:
            names = [
                entry.name
                for entry in itertools.islice(entries, _NAMES_LOOKED_AT)
                if entry.is_file() and (entry.name.endswith(_YAML_SUFFIXES) or not yaml_only)
            ]
    except OSError:
        return None
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    return os.path.join(folder, close[0]) if close else None  # noqa: PTH118 - Path drops a leading ./


_YAML_SUFFIXES = (".yaml", ".yml")
