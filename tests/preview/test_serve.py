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
