import pytest

from summariser.config import DEFAULT_MODEL, Settings, resolve
from summariser.errors import ConfigError


def test_defaults_with_empty_env():
    s = resolve(env={})
    assert (s.model, s.backend, s.max_retries, s.base_url, s.api_key) == (DEFAULT_MODEL, "auto", 2, None, None)
    assert s.effective_backend == "offline" and not s.llm_configured


def test_flags_over_env_over_defaults():
    env = {"SUMMARISER_MODEL": "env-model", "OPENAI_BASE_URL": "http://127.0.0.1:8080/v1",
           "SUMMARISER_MAX_RETRIES": "4", "SUMMARISER_TIMEOUT": "12.5"}
    s = resolve(env=env, model="flag-model")
    assert (s.model, s.base_url, s.max_retries, s.timeout) == ("flag-model", "http://127.0.0.1:8080/v1", 4, 12.5)
    assert s.effective_backend == "llm" and s.effective_mode == "json_schema" and s.is_local_server


def test_summariser_base_url_wins_over_openai_base_url():
    env = {"OPENAI_BASE_URL": "http://a.test/v1", "SUMMARISER_BASE_URL": "http://b.test/v1"}
    assert resolve(env=env).base_url == "http://b.test/v1"


def test_openai_gets_tools_mode_by_default():
    s = resolve(env={"OPENAI_API_KEY": "sk-x"})
    assert s.effective_mode == "tools" and s.effective_backend == "llm"
    assert resolve(env={"OPENAI_API_KEY": "sk-x"}, mode="md_json").effective_mode == "md_json"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"backend": "magic"}, "unknown backend"),
        ({"mode": "xml"}, "unknown mode"),
        ({"max_retries": -1}, "cannot be negative"),
        ({"timeout": 0}, "positive"),
        ({"base_url": "ftp://x"}, "not an http"),
    ],
)
def test_invalid_settings(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        Settings(**kwargs)


def test_non_numeric_env_is_a_config_error():
    with pytest.raises(ConfigError, match="max_retries must be a number"):
        resolve(env={"SUMMARISER_MAX_RETRIES": "lots"})


def test_require_llm_explains_how_to_configure():
    with pytest.raises(ConfigError) as info:
        Settings(backend="llm").require_llm()
    assert "OPENAI_API_KEY" in info.value.one_line() and "--base-url" in info.value.one_line()


def test_key_hidden_from_repr_and_redacted():
    s = Settings(api_key="sk-very-secret")
    assert "sk-very-secret" not in repr(s)
    assert s.redact("key=sk-very-secret") == "key=[redacted]"
    assert s.with_(model="m", api_key=None).api_key == "sk-very-secret"


def test_unknown_setting_is_a_type_error():
    with pytest.raises(TypeError):
        resolve(env={}, colour="blue")
