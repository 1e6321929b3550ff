"""How the core's objects come back from a pickle: each class's ``__reduce__`` names
:func:`restore` with its class and its state (its own figures, never a file to read again)."""

from __future__ import annotations

from typing import Any


def restore(cls: Any, state: Any) -> Any:
    """``cls`` rebuilt from the state its ``__reduce__`` gave (checked as a new object is)."""
    return cls._from_state(state)
