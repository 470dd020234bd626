"""``citymade serve`` in production: the gunicorn command it runs."""

from __future__ import annotations

import os

from citymade.cli.web import THREADS, _gunicorn_command


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_production_serves_with_threaded_workers_one_per_core_plus_one():
    command = _gunicorn_command("127.0.0.1", 8000, 0, 0)
    assert _option(command, "--bind") == "127.0.0.1:8000"
    assert _option(command, "--worker-class") == "gthread"
    assert _option(command, "--workers") == str((os.cpu_count() or 1) + 1)
    assert _option(command, "--threads") == str(THREADS)


def test_workers_and_threads_can_be_chosen_and_no_control_socket_is_shared():
    command = _gunicorn_command("0.0.0.0", 8080, 7, 2)
    assert _option(command, "--workers") == "7" and _option(command, "--threads") == "2"
    assert "--no-control-socket" in command
