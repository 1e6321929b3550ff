"""Issue 24: the session's language is a context variable. ``gs.language("vi")`` sets it for a
``with`` block; each thread and each asyncio task sees its own, so a server thread or a task
writing a Vietnamese report does not turn another's English (``gs.set_language`` is kept)."""

from __future__ import annotations

import asyncio
import threading

import pytest

import grdpsim as gs


def _period() -> str:
    # Through the compiled core, which asks grdpsim._lang for the session's language.
    return gs._core.period_label("2025H1")


def test_language_sets_the_session_for_a_block_only() -> None:
    assert gs.get_language() == "en" and _period() == "2025H1"
    with gs.language("vi") as code:
        assert code == "vi" and gs.get_language() == "vi" and _period() == "6 tháng/2025"
        with gs.language("EN "):
            assert gs.get_language() == "en"
        assert gs.get_language() == "vi"
    assert gs.get_language() == "en"


def test_language_is_restored_when_the_block_fails() -> None:
    with pytest.raises(ZeroDivisionError):
        with gs.language("vi"):
            1 / 0  # noqa: B018 - the failure under test
    assert gs.get_language() == "en"
    gs.set_language("vi")
    try:
        with gs.language("en"):
            assert gs.get_language() == "en"
        assert gs.get_language() == "vi", "back to what set_language said"
    finally:
        gs.set_language("en")


@pytest.mark.parametrize("bad", [None, "fr", 5, ""])
def test_a_language_that_is_not_en_or_vi_is_refused(bad: object) -> None:
    with pytest.raises(gs.InvalidArgumentError, match="lang"):
        with gs.language(bad):  # type: ignore[arg-type]
            pass
    with pytest.raises(gs.InvalidArgumentError, match="lang"):
        gs.set_language(bad)  # type: ignore[arg-type]
    assert gs.get_language() == "en"


def test_each_thread_sees_its_own_language() -> None:
    barrier = threading.Barrier(2, timeout=30)
    seen: dict[str, tuple[str, str, str]] = {}

    def work(name: str, lang: str | None) -> None:
        if lang is not None:
            gs.set_language(lang)
        # Both threads have set theirs before either reads: a shared global would give one
        # language to both.
        barrier.wait()
        cb = gs.datasets.cao_bang_2025()
        seen[name] = (gs.get_language(), _period(), cb._repr_html_())

    gs.set_language("vi")
    try:
        threads = [
            threading.Thread(target=work, args=("vi", "vi")),
            threading.Thread(target=work, args=("new", None)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert gs.get_language() == "vi", "the threads did not change the main thread's"
    finally:
        gs.set_language("en")
    assert seen["vi"][:2] == ("vi", "6 tháng/2025") and "Cả năm" in seen["vi"][2]
    # A new thread starts in English, whatever the thread that started it said.
    assert seen["new"][:2] == ("en", "2025H1") and "Cả năm" not in seen["new"][2]


def test_each_asyncio_task_sees_its_own_language() -> None:
    async def task(lang: str, ready: asyncio.Event, other: asyncio.Event) -> tuple[str, str]:
        with gs.language(lang):
            ready.set()
            await other.wait()  # the other task has set its language meanwhile
            return gs.get_language(), _period()

    async def both() -> list[tuple[str, str]]:
        a, b = asyncio.Event(), asyncio.Event()
        return list(await asyncio.gather(task("vi", a, b), task("en", b, a)))

    with gs.language("vi"):
        assert asyncio.run(both()) == [("vi", "6 tháng/2025"), ("en", "2025H1")]
        assert gs.get_language() == "vi"
    assert gs.get_language() == "en"
