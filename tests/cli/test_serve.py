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
    # each answer closes its connection, so no worker keeps a few busy clients to itself
    assert command[command.index("--keep-alive") + 1] == "0"


def test_serve_removes_what_killed_commands_left_in_the_data_directory(tmp_path):
    import subprocess
    import sys
    import time
    import urllib.request

    from citymade.paths import PROJECT_ROOT
    from tests.test_tempfiles import dead_pid

    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CITYMADE_DATA_DIR=str(data), CITYMADE_DEBUG="1")
    subprocess.run([sys.executable, "-m", "citymade", "migrate"], env=env, cwd=PROJECT_ROOT, check=True, capture_output=True)
    gone = dead_pid()
    left = [data / f".restore-{gone}-ab.duckdb", data / f".register.duckdb.importing-{gone}", data / f".backup-{gone}-cd.zip"]
    for path in left:
        path.write_bytes(b"x")
    (data / f"citymade-extract-{gone}-ef").mkdir()
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "citymade", "serve", "--port", str(port)], env=env, cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):  # wait until it answers (not a timing assertion: up to a minute)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as response:
                    assert response.read() == b"ok"
                    break
            except OSError:
                assert server.poll() is None, "the server stopped"
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not answer")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not any(p.exists() for p in left)
    assert not (data / f"citymade-extract-{gone}-ef").exists()
    assert (data / "citymade.sqlite3").exists()
