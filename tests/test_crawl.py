"""Crawling real HTTP on 127.0.0.1: bad input is logged and counted, nothing stored is damaged."""

from __future__ import annotations

import socket
import sqlite3

import pytest

from pipeline.demo.server import DemoServer
from pipeline.demo.site import build_site
from tests.conftest import run_cli, write_config

LIST = """<html><head><meta charset="utf-8"><title>测试栏目</title></head><body><ul class="news-list">
<li><a href="/t/2026/11/t20261118_9001.html">服务器内部错误的一篇文章标题</a></li>
<li><a href="/t/2026/11/t20261118_9002.html">空白页面的一篇文章标题文字</a></li>
<li><a href="/t/2026/11/t20261118_9003.html">不是网页而是文档的一篇文章</a></li>
<li><a href="/t/2026/11/t20261118_9004.html">已经被删除的一篇文章标题文字</a></li>
<li><a href="{gbk}">编码声明错误的一篇文章标题文字</a></li>
<li><a href="{trad}">繁体字的一篇文章标题文字内容</a></li>
<li><a href="/admin/2026/11/t20261118_9009.html">机器人协议禁止抓取的一篇文章</a></li>
</ul></body></html>"""


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture
def site(tmp_path):
    manifest = build_site(tmp_path / "site")
    with DemoServer(tmp_path / "site") as server:
        server.add_route("/t/index.html", 200, LIST.format(gbk=manifest.lying_charset_pages[0],
                                                           trad=manifest.traditional_page).encode(), "text/html; charset=utf-8")
        server.add_route("/t/2026/11/t20261118_9001.html", 500, b"<html>error</html>", "text/html")
        server.add_route("/t/2026/11/t20261118_9002.html", 200, b"", "text/html")
        server.add_route("/t/2026/11/t20261118_9003.html", 200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
        yield server, manifest


def _config(tmp_path, server) -> str:
    sources = f"""
[[sources]]
name = "local"
outlet = "齐风晚报"
kind = "exposure"
start_urls = ["{server.base_url}/t/index.html"]
delay = 0

[[sources]]
name = "dead"
start_urls = ["http://127.0.0.1:{_closed_port()}/bgt/index.html"]
delay = 0
"""
    return str(write_config(tmp_path, sources))


def test_bad_input_is_counted_and_the_run_finishes(site, tmp_path):
    server, manifest = site
    cfg = _config(tmp_path, server)
    proc = run_cli("crawl", "--config", cfg, "--log-level", "WARNING")
    assert proc.returncode == 0, proc.stderr[-2000:]
    dropped = proc.stdout.split("dropped:", 1)[1]
    for reason in ("http_500", "http_404", "empty_page", "not_html", "connection_refused"):
        assert reason in dropped, (reason, proc.stdout)
    for reason in ("http_500", "http_404", "empty_page", "not_html", "connection_refused"):
        assert reason in proc.stderr, reason  # and logged with the URL
    db = tmp_path / "out" / "wenming.db"
    con = sqlite3.connect(db)
    rows = con.execute("select url, title, body, encoding from items").fetchall()
    assert len(rows) == 2
    gbk = next(r for r in rows if r[0].endswith(manifest.lying_charset_pages[0]))
    assert gbk[3] == "gb18030" and "\ufffd" not in gbk[1] + gbk[2]
    assert "/admin/2026/11/t20261118_9009.html" not in server.hits  # robots.txt: Disallow /admin/
    assert "/robots.txt" in server.hits
    runs = con.execute("select source from crawl_runs").fetchall()
    assert sorted(r[0] for r in runs) == ["dead", "local"]
    before = con.execute("select id, content_hash, body from items order by id").fetchall()
    con.close()

    # the good pages break on the next crawl: what is stored stays as it was
    server.add_route(manifest.lying_charset_pages[0], 500, b"", "text/html")
    server.add_route(manifest.traditional_page, 200, b"<html><body></body></html>", "text/html")
    proc = run_cli("crawl", "local", "--config", cfg, "--log-level", "WARNING")
    assert proc.returncode == 0
    con = sqlite3.connect(db)
    assert con.execute("select id, content_hash, body from items order by id").fetchall() == before
    con.close()


def test_unknown_source_name_is_one_line(site, tmp_path):
    server, _ = site
    proc = run_cli("crawl", "nosuch", "--config", _config(tmp_path, server))
    assert proc.returncode == 2 and "sources.nosuch" in proc.stderr and "Traceback" not in proc.stderr


def test_changed_page_updates_its_item_and_keeps_history(site, tmp_path):
    server, manifest = site
    page = manifest.pages[0]
    cfg = write_config(tmp_path, f"""
[[sources]]
name = "one"
start_urls = ["{server.base_url}/one/index.html"]
delay = 0
""")
    server.add_route("/one/index.html", 200, f'<html><body><ul><li><a href="{page}">一篇会被修改的文章的标题</a></li></ul></body></html>'.encode(),
                     "text/html; charset=utf-8")
    assert run_cli("crawl", "--config", str(cfg)).returncode == 0
    original = (tmp_path / "site" / page.lstrip("/")).read_bytes()
    changed = original.replace("。".encode(), "！".encode(), 1) if b"\xe3\x80\x82" in original else original + b" "
    server.add_route(page, 200, changed, "text/html; charset=utf-8")
    proc = run_cli("crawl", "--config", str(cfg))
    assert "updated 1" in proc.stdout, proc.stdout
    con = sqlite3.connect(tmp_path / "out" / "wenming.db")
    (n, history) = con.execute("select count(*), max(previous_hashes) from items").fetchone()
    con.close()
    assert n == 1 and history.count('"') == 2  # one earlier hash kept


def test_scrapy_list_and_crawl_from_the_repository_root(site, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    server, manifest = site
    cfg = write_config(tmp_path, f"""
[[sources]]
name = "qifeng-bgt"
kind = "exposure"
start_urls = ["{server.base_url}/bgt/index.html"]
delay = 0
""")
    repo = Path(__file__).resolve().parent.parent
    env = {**os.environ, "WENMING_CONFIG": str(cfg)}
    scrapy = [sys.executable, "-m", "scrapy.cmdline"]
    listed = subprocess.run([*scrapy, "list"], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert listed.stdout.split() == ["qifeng-bgt"], listed.stderr[-2000:]
    crawled = subprocess.run([*scrapy, "crawl", "qifeng-bgt", "-s", "LOG_LEVEL=WARNING"], cwd=repo, env=env,
                             capture_output=True, text=True, timeout=300)
    assert crawled.returncode == 0, crawled.stderr[-2000:]
    con = sqlite3.connect(tmp_path / "out" / "wenming.db")
    n = con.execute("select count(*) from items").fetchone()[0]
    con.close()
    assert n >= 15  # the exposure column's articles, over three list pages
