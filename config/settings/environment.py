"""One `environ.Env()` for every settings module, with one clear line per bad variable.

A missing or malformed variable stops the process with a single line naming it
(exit status 2), instead of a traceback from deep inside Django.
"""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # silently skipped when absent

_NOT_SET = object()


def setting(name: str, cast: Callable[..., Any] | None = None, default: Any = _NOT_SET) -> Any:
    """Read `name` from the environment; exit with one clear line if it is missing or malformed."""
    reader = cast or env.str
    try:
        if default is _NOT_SET:
            return reader(name)
        return reader(name, default=default)
    except Exception as exc:  # environ raises several types; all mean the same to the operator
        _fail(name, "is not set" if name not in env.ENVIRON else f"is malformed ({exc})")
        raise


def strict_bool(name: str, default: Any = _NOT_SET) -> bool:
    """true/false, yes/no, on/off, 1/0; anything else is an error (environ reads it as False)."""
    raw = env.str(name) if default is _NOT_SET else env.str(name, default=str(default))
    value = raw.strip().lower()
    if value in {"true", "yes", "on", "1"}:
        return True
    if value in {"false", "no", "off", "0", ""}:
        return False
    raise ValueError(f"{raw!r} is not true or false")


def _fail(name: str, problem: str) -> None:
    sys.stderr.write(f"Configuration error: environment variable {name} {problem}.\n")
    raise SystemExit(2)


def database(default: Any = _NOT_SET) -> dict[str, Any]:
    """DATABASE_URL as a Django database dict (one clear line if malformed)."""
    url = setting("DATABASE_URL", default=default)
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in environ.Env.DB_SCHEMES:
        known = ", ".join(sorted(s for s in environ.Env.DB_SCHEMES if s in {"postgres", "sqlite"}))
        _fail("DATABASE_URL", f"is malformed (expected a URL such as {known}://...)")
    try:
        config = environ.Env.db_url_config(url)
    except Exception as exc:
        _fail("DATABASE_URL", f"is malformed ({exc})")
        raise
    # One connection per worker kept for a while, checked before reuse: opening a PostgreSQL
    # connection for every request costs more than most pages' queries together.
    config["CONN_MAX_AGE"] = setting("DATABASE_CONN_MAX_AGE", cast=env.int, default=60)
    config["CONN_HEALTH_CHECKS"] = True
    return config
