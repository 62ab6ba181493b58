"""Config loading: valid files, env overrides, and one clear line for each mistake."""

from __future__ import annotations

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError
from tests.conftest import run_cli, write_config

GOOD_SOURCE = """
[[sources]]
name = "luzhong-bgt"
outlet = "鲁中晨报"
column = "创城曝光台"
kind = "exposure"
start_urls = ["https://news.example.cn/bgt/index.html"]
list_links = "ul.list a"
delay = 1
"""


def test_valid_config(tmp_path):
    cfg = load_config(write_config(tmp_path, GOOD_SOURCE, extra='[deadlines]\ndefault_days = 5\ngarbage = 3'))
    assert cfg.city == "淄博市"
    assert cfg.database_url == f"sqlite:///{tmp_path / 'out' / 'wenming.db'}"
    src = cfg.source("luzhong-bgt")
    assert src.allowed_domains == ["news.example.cn"]
    assert src.overrides == {"list_links": "ul.list a"}
    assert src.delay == 1.0
    assert cfg.deadline_for("garbage") == 3 and cfg.deadline_for("noise") == 5


def test_env_overrides(tmp_path, monkeypatch):
    path = write_config(tmp_path, GOOD_SOURCE)
    monkeypatch.setenv("WENMING_CONFIG", str(path))
    monkeypatch.setenv("WENMING_DATABASE_URL", "postgresql://postgres@127.0.0.1/test")
    cfg = load_config()
    assert cfg.path == path
    assert cfg.database_url == "postgresql://postgres@127.0.0.1/test"


@pytest.mark.parametrize(
    "sources, extra, key, words",
    [
        (GOOD_SOURCE.replace("start_urls", "start_url"), "", "sources[0].start_url", "did you mean 'start_urls'"),
        (GOOD_SOURCE.replace('start_urls = ["https://news.example.cn/bgt/index.html"]', ""), "",
         "sources[0] (luzhong-bgt).start_urls", "required"),
        (GOOD_SOURCE.replace("https://news.example.cn/bgt/index.html", "news.example.cn/bgt"), "",
         "sources[0] (luzhong-bgt).start_urls", "not an http(s) URL"),
        (GOOD_SOURCE.replace('kind = "exposure"', 'kind = "exposures"'), "", "sources[0] (luzhong-bgt).kind", "one of"),
        (GOOD_SOURCE, "[deadlines]\ngarbag = 3", "deadlines.garbag", "unknown problem-type slug (did you mean 'garbage'?)"),
        (GOOD_SOURCE + GOOD_SOURCE, "", "sources.luzhong-bgt", "duplicate"),
        (GOOD_SOURCE.replace("delay = 1", 'delay = "slow"'), "", "sources[0] (luzhong-bgt).delay", "expected float"),
        (GOOD_SOURCE.replace("delay = 1", "delay = -1"), "", "sources[0] (luzhong-bgt).delay", "must be at least 0, not -1"),
        (GOOD_SOURCE, "[track]\napply_threshold = 7", "track.apply_threshold", "must be between 0 and 1, not 7"),
        (GOOD_SOURCE, "[track]\napply_threshold = 0.4\nreview_threshold = 0.5", "track.review_threshold",
         "must not be above apply_threshold (0.5 > 0.4)"),
        (GOOD_SOURCE, "[deadlines]\ngarbage = -3", "deadlines.garbage", "must be at least 0"),
        (GOOD_SOURCE, "[publish]\nfeed_max_items = 0", "publish.feed_max_items", "must be at least 1, not 0"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path, sources, extra, key, words):
    path = write_config(tmp_path, sources, extra=extra)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.key == key
    assert words in str(info.value)
    assert str(path) in str(info.value)


def test_unknown_top_level_key_and_bad_toml(tmp_path):
    path = write_config(tmp_path, GOOD_SOURCE)
    path.write_text(path.read_text(encoding="utf-8").replace('output_dir = "out"', 'outptu_dir = "out"'), encoding="utf-8")
    with pytest.raises(ConfigError, match="outptu_dir: unknown key"):
        load_config(path)
    path.write_text("[city\nname=", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_cli_prints_one_line_without_traceback(tmp_path):
    path = write_config(tmp_path, GOOD_SOURCE.replace("https://news.example.cn/bgt/index.html", "ftp://x"))
    proc = run_cli("crawl", "--config", str(path))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("wenming: error: ") and str(path) in lines[0] and "start_urls" in lines[0]
    assert "Traceback" not in proc.stderr


def test_missing_config_file(tmp_path):
    proc = run_cli("track", "--config", str(tmp_path / "nope.toml"))
    assert proc.returncode == 2 and "config file not found" in proc.stderr
