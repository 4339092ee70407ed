"""serve.py without a browser: a port that is taken is a usage error, not a traceback."""

from __future__ import annotations

import socket

from click.testing import CliRunner

from build_factsheet.cli import main


def test_a_port_in_use_is_a_clear_usage_error(mini_project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["-C", str(mini_project), "serve", "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert result.output == f"Error: port {port} is in use: pass --port (--port 0 takes any free port)\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_pdf_is_shown_once_laid_out_and_what_its_checks_find_follows(mini_project, monkeypatch):
    import threading

    from build_factsheet.checks import CheckResult
    from build_factsheet.preview import server as serve

    failing, released = CheckResult("layout", "fail", "deliberately failed", "en", 1), threading.Event()

    def checks_held_until_released(readback, expect):
        released.wait(120)
        return [failing]

    monkeypatch.setattr("build_factsheet.checks.run_checks", checks_held_until_released)
    state = serve.Preview(mini_project, "en")
    state.start()
    try:
        with state.changed:
            while not (state.pdf_stage.version >= 1 and state.pdf_stage.checking):
                assert state.changed.wait(120), "no PDF within 120 s"
            # Shown while its checks run: nothing found yet.
            assert state.pdf.startswith(b"%PDF") and state.pdf_stage.errors == []
            released.set()
            while state.pdf_stage.checking:
                assert state.changed.wait(120), "the checks did not end within 120 s"
            assert any("deliberately failed" in error for error in state.pdf_stage.errors)
    finally:
        released.set()
        state.stop()
