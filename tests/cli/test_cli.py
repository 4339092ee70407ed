"""cli: help everywhere, exit codes 0/1/2, problems as messages, never a traceback for a user mistake."""

from click.testing import CliRunner

from build_factsheet.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_help_on_every_command():
    for args in ([], ["build"]):
        result = run(*args, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output
    assert "build" in run("--help").output


def test_usage_errors_exit_2():
    assert run("build", "--no-such-option").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_a_broken_locale_is_reported_with_exit_1_and_no_traceback(mini_project):
    path = mini_project / "source" / "locales" / "fr.yaml"
    path.write_text(path.read_text().replace("  subtitle: Fiche d'information\n", "")
                    .replace("  keywords: exemple, tests\n", "  keywords: [exemple, tests]\n"))
    result = run("-C", str(mini_project), "build")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and not isinstance(result.exception, Exception) or \
        isinstance(result.exception, SystemExit)
    assert "The locale files have 2 problem(s):" in result.output
    assert "key 'meta.subtitle': missing translation" in result.output
    assert "key 'meta.keywords': expected text, got a list" in result.output


def test_a_yaml_syntax_error_gives_file_line_and_column(mini_project):
    path = mini_project / "source" / "factsheet.yaml"
    path.write_text(path.read_text().replace("  page_budget: 1\n", "  page_budget: [1\n"))
    result = run("-C", str(mini_project), "build")
    assert result.exit_code == 1
    assert "factsheet.yaml:" in result.output and "YAML syntax error" in result.output


def test_build_reports_each_language(built_mini):
    root, results = built_mini
    assert sorted(results) == ["en", "fr"]
    assert all(r.pages == 1 and r.pdf.parent == root / "output" for r in results.values())


def test_validate_checks_without_rendering(mini_project):
    assert run("-C", str(mini_project), "validate").output == "valid: en, fr\n"
    path = mini_project / "source" / "locales" / "fr.yaml"
    path.write_text(path.read_text().replace("  subtitle: Fiche d'information\n", ""))
    result = run("-C", str(mini_project), "validate", "--lang", "fr")
    assert result.exit_code == 1 and "key 'meta.subtitle': missing translation" in result.output
    assert not list(mini_project.rglob("*.pdf"))


def test_no_kit_builds_the_screen_pdfs_only(mini_project):
    result = CliRunner().invoke(main, ["-C", str(mini_project), "build", "-q", "--no-kit"])
    assert result.exit_code == 0, result.output
    published = sorted(p.relative_to(mini_project / "output").as_posix()
                       for p in (mini_project / "output").rglob("*") if p.is_file())
    # and the strings as published, which the next review compares with (publish/strings.py)
    assert published == ["manifest.json", "mini-en.pdf", "mini-fr.pdf", "strings/mini-en.json", "strings/mini-fr.json"]
