import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env


def test_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "misschien")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env.boolean("SOME_FLAG", False)


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("0", False), ("On", True)])
def test_booleans_are_read(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env.boolean("SOME_FLAG", not expected) is expected


def test_missing_required_string_names_the_variable(monkeypatch):
    monkeypatch.delenv("SOME_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET is required"):
        env.string("SOME_SECRET")


def test_secret_is_read_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("uit-een-bestand\n")
    monkeypatch.delenv("SOME_SECRET", raising=False)
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    assert env.string("SOME_SECRET") == "uit-een-bestand"


def test_secret_and_secret_file_together_are_refused(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("x")
    monkeypatch.setenv("SOME_SECRET", "y")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET"):
        env.string("SOME_SECRET")


def test_unreadable_secret_file_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv("SOME_SECRET", raising=False)
    monkeypatch.setenv("SOME_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET_FILE"):
        env.string("SOME_SECRET")


def test_bad_integer_names_the_variable(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "tien")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env.integer("SOME_NUMBER", 1)


def test_dev_secret_is_created_once_and_kept(tmp_path):
    path = tmp_path / "var" / "secret"
    first = env.dev_secret(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert env.dev_secret(path) == first
