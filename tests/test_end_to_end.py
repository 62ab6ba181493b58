"""The whole way, as a new user runs it: `wenming demo` twice, against the local demo server.

Checks the ledger against the truth derived from the demo's data files, the
published bulletin and feeds (parsed back with feedparser), and that a second
run stores nothing twice.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from lxml import html as lhtml

from pipeline.demo.site import build_site
from pipeline.demo.truth import expected_problems
from tests.conftest import db_counts

# Floors measured on the demo (see CHANGELOG); a change may raise them, never lower them silently.
STATUS_ACCURACY_FLOOR = 0.95
OPENED_RECALL_FLOOR = 0.97


def _ledger(db: Path) -> list[sqlite3.Row]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    rows = con.execute("select * from problems").fetchall()
    con.close()
    return rows


def _match(truth, rows):
    """The ledger row for a truth problem: opened by its first article, at its place."""
    first = truth.source_paths[0]
    cands = [r for r in rows if r["first_url"] and urlsplit(r["first_url"]).path == first]
    for r in cands:
        place = r["place"] or ""
        if place and (place in truth.place or truth.place in place):
            return r
    return cands[0] if len(cands) == 1 else None


def test_demo_prints_summary_and_writes_output(demo_run):
    out, first, _, _ = demo_run
    assert "problems:" in first.stdout and "bulletin:" in first.stdout and "pages/s" in first.stdout
    assert (out / "bulletins" / "2026-W47.html").is_file()
    assert (out / "feeds" / "exposures.rss").is_file() and (out / "feeds" / "resolved.atom").is_file()


def test_second_run_duplicates_nothing(demo_run):
    out, _, second, after_first = demo_run
    assert db_counts(out / "wenming.db") == after_first
    assert "new items 0" in second.stdout


def test_ledger_matches_truth(demo_run):
    out = demo_run[0]
    rows = _ledger(out / "wenming.db")
    truth = expected_problems()
    matched = [(t, _match(t, rows)) for t in truth]
    opened = sum(1 for _, r in matched if r is not None)
    right = sum(1 for t, r in matched if r is not None and r["status"] == t.final_status)
    print(f"\nopened {opened}/{len(truth)}, status right {right}/{len(truth)}")
    for t, r in matched:
        if r is None or r["status"] != t.final_status:
            print(f"  {t.key} {t.place} {t.problem_type}: want {t.final_status}, got {r['status'] if r else None}")
    assert opened / len(truth) >= OPENED_RECALL_FLOOR
    assert right / len(truth) >= STATUS_ACCURACY_FLOOR
    statuses = {r["status"] for r in rows}
    assert {"exposed", "in_progress", "resolved", "reopened"} <= statuses
    # no problem is opened twice for the same truth problem (syndicated copy, repeats)
    ids = [r["id"] for _, r in matched if r is not None]
    assert len(ids) == len(set(ids))


def test_news_column_items_are_news(demo_run):
    """The demo's news column is all campaign news (pipeline/demo/data/news.toml): none becomes an
    exposure (it would open problems) or 'other' (it would drop out of the campaign's news)."""
    con = sqlite3.connect(demo_run[0] / "wenming.db")
    kinds = con.execute("select title, kind from items where kind_hint = 'news'").fetchall()
    con.close()
    assert len(kinds) >= 5
    assert [t for t, k in kinds if k != "news"] == []


def test_special_pages_came_through(demo_run, tmp_path):
    out = demo_run[0]
    manifest = build_site(tmp_path / "site")
    con = sqlite3.connect(out / "wenming.db")
    con.row_factory = sqlite3.Row

    def item(path: str) -> sqlite3.Row:
        row = con.execute("select i.* from items i join item_urls u on u.item_id = i.id where u.url like ?",
                          (f"%{path}",)).fetchone()
        assert row is not None, path
        return row

    for path in manifest.lying_charset_pages + manifest.gbk_pages:
        row = item(path)
        assert "\ufffd" not in row["title"] + row["body"] and row["encoding"] == "gb18030", path
    trad = item(manifest.traditional_page)
    assert "创" in trad["title"] + trad["body"] or "区" in trad["body"]
    assert not any(c in trad["body"] for c in "與這區們創")
    assert "(chuàng)" not in item(manifest.pinyin_page)["body"] and "(wén)" not in item(manifest.pinyin_page)["body"]
    original, copy = manifest.syndicated_pair
    assert item(original)["id"] == item(copy)["id"]
    roundup = item(manifest.roundup_pages[0])
    n = con.execute("select count(*) from problems where first_item_id = ?", (roundup["id"],)).fetchone()[0]
    assert n >= 3, "a round-up opens one problem per numbered item"
    resolved_by_followup = con.execute(
        "select count(*) from problem_events e join items i on i.id = e.item_id "
        "where e.status_to = 'resolved' and i.kind = 'followup' and e.by = 'machine'").fetchone()[0]
    assert resolved_by_followup >= 5
    dead = con.execute("select count(*) from item_urls where url like ?", (f"%{manifest.dead_link}",)).fetchone()[0]
    assert dead == 0
    con.close()


def test_bulletin_shows_real_counts(demo_run):
    out = demo_run[0]
    page = (out / "bulletins" / "2026-W47.html").read_text(encoding="utf-8")
    doc = lhtml.fromstring(page)
    text = doc.text_content()
    assert "第1期" in text and "整改率" in text
    con = sqlite3.connect(out / "wenming.db")
    resolved = con.execute("select count(*) from problems where status = 'resolved'").fetchone()[0]
    con.close()
    assert resolved > 0
    assert doc.xpath("//link[@rel='alternate' and @type='application/rss+xml']")


def test_feeds_parse_without_errors(demo_run):
    feeds = sorted((demo_run[0] / "feeds").glob("*"))
    assert len(feeds) >= 10
    for f in feeds:
        parsed = feedparser.parse(f.read_bytes())
        assert not parsed.bozo, (f.name, parsed.get("bozo_exception"))
    exposures = feedparser.parse((demo_run[0] / "feeds" / "exposures.rss").read_bytes())
    assert len(exposures.entries) >= 30
    assert len({e.id for e in exposures.entries}) == len(exposures.entries)
    resolved = feedparser.parse((demo_run[0] / "feeds" / "resolved.atom").read_bytes())
    assert resolved.entries and all(e.title.startswith("【已整改】") for e in resolved.entries)
