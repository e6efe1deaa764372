"""Where the database lives: the user data dir unless --db / FOLLOWUP_DB says otherwise."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "followup-tui"
ENV_DB = "FOLLOWUP_DB"
DB_FILENAME = "followup.db"


def default_db_path() -> Path:
    from platformdirs import user_data_path

    folder = user_data_path(APP_NAME, appauthor=False, ensure_exists=True)
    # Notes about people: the folder (backups land here too) is the owner's alone.
    folder.chmod(0o700)
    return folder / DB_FILENAME


def is_new_database(url: str) -> bool:
    """True for a SQLite file that does not exist yet: the first run."""
    path = sqlite_file(url)
    return path is not None and not path.exists()


def database_url(override: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """A SQLAlchemy URL from a path or URL given, else the default file."""
    environ = os.environ if environ is None else environ
    chosen = override or environ.get(ENV_DB)
    if chosen and "://" in chosen:
        return chosen
    path = Path(chosen).expanduser() if chosen else default_db_path()
    # SQLAlchemy reads '?' as the start of options and decodes %XX in a URL's path.
    escaped = str(path).replace("%", "%25").replace("?", "%3F")
    return f"sqlite:///{escaped}"


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another database or :memory:."""
    from urllib.parse import unquote

    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix + ":memory:":
        return None
    return Path(unquote(url[len(prefix) :].split("?", 1)[0]))
