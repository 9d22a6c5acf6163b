import datetime as dt

from summariser import prompts
from summariser.articles import Article


def test_prompt_loads_with_version():
    p = prompts.load()
    assert p.version.startswith("summarise-")
    assert "verbatim" in p.system


def test_messages_include_metadata():
    msgs = prompts.load().messages(Article("Body text.", id="a1", title="T", published=dt.date(2025, 1, 2)))
    assert [m["role"] for m in msgs] == ["system", "user"]
    assert "Article id: a1\nTitle: T\nPublication date: 2025-01-02" in msgs[1]["content"]
    assert msgs[1]["content"].endswith("Body text.")


def test_parse_without_front_matter():
    p = prompts.parse("x", "Just text")
    assert (p.version, p.system) == ("x", "Just text")


def test_missing_prompt_is_config_error():
    import pytest

    from summariser.errors import ConfigError

    with pytest.raises(ConfigError, match="not found"):
        prompts.load("does-not-exist")
