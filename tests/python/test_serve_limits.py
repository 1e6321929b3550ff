"""The web server's connection limits from Python and the command line (issue 22): each is
checked before anything is served (a typed error naming the option and its value), and the ones
given reach the server: a body trickling in is cut at the body timeout set on the command line.
No browser: raw sockets on 127.0.0.1.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import grdpsim as gs
from grdpsim import web
from grdpsim.cli import main

# Bounds on waits that only a hung test reaches: what is asserted is that something happens.
HANG_GUARD = 60.0


@pytest.mark.parametrize(
    ("limits", "option", "value"),
    [
        ({"idle_timeout": 0}, "idle_timeout", "0 s"),
        ({"body_read_timeout": -1.5}, "body_read_timeout", "-1.5 s"),
        ({"header_read_timeout": float("nan")}, "header_read_timeout", "NaN s"),
        ({"header_read_timeout": 86_401}, "header_read_timeout", "86401 s"),
        ({"max_connections": 0}, "max_connections", "0:"),
        ({"max_connections_per_address": 2**20 + 1}, "max_connections_per_address", "1048577:"),
        ({"read_connections": 257}, "read_connections", "257:"),
    ],
)
def test_limits_out_of_bounds_are_refused_before_serving(
    tmp_path: Path, limits: dict[str, Any], option: str, value: str
) -> None:
    db = tmp_path / "never.sqlite"
    with pytest.raises(gs.InvalidArgumentError) as e:
        web.serve(db, port=0, **limits)
    assert option in str(e.value) and value in str(e.value), str(e.value)
    assert not db.exists()  # refused before the store was opened


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"idle_timeout": True}, "idle_timeout must be a real number"),
        ({"idle_timeout": "5"}, "idle_timeout must be a real number"),
        ({"max_connections": 2.5}, "max_connections must be an integer"),
        ({"max_connections_per_address": -1}, "max_connections_per_address"),
        ({"read_connections": -1}, "read_connections"),
        ({"read_connections": 1.0}, "read_connections must be an integer"),
    ],
)
def test_limits_of_the_wrong_type_are_typed_errors(
    tmp_path: Path, limits: dict[str, Any], message: str
) -> None:
    with pytest.raises(gs.InvalidArgumentError, match=message):
        web.serve(tmp_path / "never.sqlite", port=0, **limits)


def test_the_command_line_refuses_a_limit_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "never.sqlite"
    assert main(["serve", "--db", str(db), "--port", "0", "--body-read-timeout", "-1"]) == 2
    err = capsys.readouterr().err
    assert "body_read_timeout" in err and "-1 s" in err, err
    assert not db.exists()


def _closes(stream: socket.socket) -> bool:
    """Waits until the server closes ``stream``; False if it is still open after the guard."""
    stream.settimeout(HANG_GUARD)
    try:
        while stream.recv(1024):
            pass
    except socket.timeout:
        return False
    except OSError:
        return True  # reset
    return True


def test_a_body_timeout_given_on_the_command_line_cuts_a_trickling_body(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    web.demo_store(db)
    # The body timeout short, the others an hour: only the body timeout can close.
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "grdpsim.cli",
            "serve",
            "--db",
            str(db),
            "--port",
            "0",
            "--body-read-timeout",
            "0.3",
            "--header-read-timeout",
            "3600",
            "--idle-timeout",
            "3600",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # "grdpsim serve: http://127.0.0.1:PORT/ (Ctrl-C stops)"
        assert "http://" in line, line + (proc.stdout.read() if proc.poll() is not None else "")
        port = int(line.split("http://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD) as stream:
            stream.sendall(
                b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nname="
            )
            stop = threading.Event()

            def trickle() -> None:  # never silent, never done
                try:
                    while not stop.is_set():
                        stream.send(b"a")
                        time.sleep(0.05)
                except OSError:
                    pass

            threading.Thread(target=trickle, daemon=True).start()
            try:
                assert _closes(stream), "still open: the body timeout did not close the connection"
            finally:
                stop.set()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=HANG_GUARD)
    assert proc.returncode == 0, out
