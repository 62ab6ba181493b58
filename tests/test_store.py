"""Storage on a real SQLite file and on the local PostgreSQL: upserts, history, duplicates."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from pipeline.errors import StoreError
from pipeline.extract import fingerprint
from pipeline.models import Article
from pipeline.store.db import get_engine, session
from pipeline.store.items import upsert_article
from pipeline.store.tables import Item, ItemUrl, Problem
from pipeline.timeutil import TZ

BODY = "11月17日上午，记者在张店区华光路看到，人行道上停满了私家车，行人被迫走上机动车道。附近居民反映这种情况已经持续一个多月，早晚高峰尤其严重，带孩子上学的家长尤其担心安全问题，希望有关部门尽快加强管理。"


def article(url: str, title: str = "华光路人行道违停", body: str | None = None) -> Article:
    import hashlib

    body = body or BODY + url  # one body per test run: the PostgreSQL database is shared

    return Article(url=url, title=title, body=body, source="s", outlet="齐风晚报", kind_hint="exposure",
                   published_at=datetime(2026, 11, 18, 9, 30, tzinfo=TZ), fetched_at=datetime(2026, 11, 20, tzinfo=TZ),
                   content_hash=hashlib.sha1(f"{title}\n{body}".encode()).hexdigest(), fingerprint=fingerprint(body))


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'wenming.db'}"
    else:
        url = request.getfixturevalue("throwaway_pg")
    engine = get_engine(url)
    prefix = f"http://t{uuid.uuid4().hex[:8]}.example/"
    with Session(engine, expire_on_commit=False) as s:
        yield s, prefix


def test_upsert_new_unchanged_updated(db):
    s, base = db
    first = upsert_article(s, article(base + "a.html"))
    assert first.outcome == "new"
    assert upsert_article(s, article(base + "a.html")).outcome == "unchanged"
    changed = upsert_article(s, article(base + "a.html", title="华光路人行道违停（更新）"))
    assert changed.outcome == "updated" and changed.item_id == first.item_id
    item = s.get(Item, first.item_id)
    assert item.title == "华光路人行道违停（更新）"
    assert len(json.loads(item.previous_hashes)) == 1
    assert item.tagged_hash is None
    assert item.published_at == datetime(2026, 11, 18, 9, 30, tzinfo=TZ)  # aware, same instant


def test_a_columns_kind_hint_wins_over_a_feeds_whichever_came_first(db):
    """A page reached through the site's feed (mixed) and through its own column (news): the column's
    hint is kept in either crawl order, so the demo's news column never depends on scheduling."""
    s, base = db
    via_feed = article(base + "news/7.html")
    via_feed.kind_hint, via_feed.source = "mixed", "rss"
    via_column = article(base + "news/7.html")
    via_column.kind_hint, via_column.source, via_column.column = "news", "news-col", "工作动态"
    first = upsert_article(s, via_feed)
    upgraded = upsert_article(s, via_column)
    assert upgraded.outcome == "updated" and upgraded.item_id == first.item_id
    item = s.get(Item, first.item_id)
    assert (item.kind_hint, item.source, item.column_name) == ("news", "news-col", "工作动态")
    assert item.tagged_hash is None  # tagged again with the column's hint
    # seen again through the feed, and again through the column: nothing changes
    assert upsert_article(s, via_feed).outcome == "unchanged"
    assert upsert_article(s, via_column).outcome == "unchanged"
    assert s.get(Item, first.item_id).kind_hint == "news"
    # the other order: the column first, then the feed, leaves the column's hint
    other = article(base + "news/8.html")
    other.kind_hint = "news"
    upsert_article(s, other)
    feed_copy = article(base + "news/8.html")
    feed_copy.kind_hint = "mixed"
    assert upsert_article(s, feed_copy).outcome == "unchanged"
    # a second column with another hint does not take the item over
    exposure_col = article(base + "news/8.html")
    exposure_col.kind_hint = "exposure"
    assert upsert_article(s, exposure_col).outcome == "unchanged"


def test_syndicated_copy_is_not_a_second_item(db):
    s, base = db
    body = BODY + base
    first = upsert_article(s, article(base + "bgt/1.html", body=body))
    copy = upsert_article(s, article(base + "zhuanzai/9.html", title="转载：华光路人行道违停", body=body))
    assert copy.outcome == "duplicate" and copy.item_id == first.item_id
    again = upsert_article(s, article(base + "zhuanzai/9.html", title="转载：华光路人行道违停", body=body))
    assert again.outcome == "unchanged"
    rows = s.exec(select(Item).where(Item.url.startswith(base))).all()
    assert len(rows) == 1
    urls = s.exec(select(ItemUrl).where(ItemUrl.item_id == first.item_id)).all()
    assert sorted(u.reason for u in urls) == ["canonical", "syndicated"]


def test_hostile_text_is_stored_verbatim(db):
    s, base = db
    evil = "'); DROP TABLE items; -- <script>alert(1)</script> ]]> \u202e"
    out = upsert_article(s, article(base + "evil.html", title=evil, body=BODY + base + evil))
    assert s.get(Item, out.item_id).title == evil
    assert s.exec(select(Item).where(Item.title == evil)).first() is not None
    assert s.connection().execute(text("select count(*) from items")).scalar() >= 1


def test_bad_database_url_is_a_clear_error():
    with pytest.raises(StoreError, match="cannot open database|bad database URL"):
        get_engine("postgresql://nobody@127.0.0.1:1/none")


def test_original_seen_after_its_copy_becomes_the_item_url(db):
    from datetime import timedelta

    s, base = db
    body = BODY + base + "转载"
    copy = article(base + "zhuanzai/9.html", title="转载：华光路人行道违停", body=body)
    copy.published_at += timedelta(days=1)
    first = upsert_article(s, copy)
    original = upsert_article(s, article(base + "bgt/1.html", body=body))
    assert original.outcome == "duplicate" and original.item_id == first.item_id
    item = s.get(Item, first.item_id)
    assert item.url == base + "bgt/1.html" and item.title == "华光路人行道违停"
    reasons = {u.url: u.reason for u in s.exec(select(ItemUrl).where(ItemUrl.item_id == item.id))}
    assert reasons == {base + "bgt/1.html": "canonical", base + "zhuanzai/9.html": "syndicated"}


def test_database_from_an_older_version_is_a_clear_error(tmp_path):
    import sqlite3

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.execute("create table problems (id integer primary key, title varchar)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="older Wenming: table problems lacks .*status"):
        get_engine(f"sqlite:///{db}")


def _drop_to_an_older_schema(db) -> None:
    """What a database from before items.field_sources, problems.priority, its index and problem_terms looks like."""
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("drop index ix_problems_priority")
    con.execute("alter table problems drop column priority")
    con.execute("alter table items drop column field_sources")
    con.execute("drop table problem_terms")
    con.commit()
    con.close()


def test_wenming_db_upgrade_brings_an_older_database_up_to_date_and_keeps_its_rows(tmp_path):
    import sqlite3

    from tests.conftest import run_cli, write_config

    db = tmp_path / "old.db"
    url = f"sqlite:///{db}"
    with session(url) as s:
        upsert_article(s, article("https://news.example.cn/bgt/1.html"))
        s.add(Problem(title="华光路人行道违停", district="张店区", place="华光路", problem_type="parking_violation",
                      status="resolved"))
        s.commit()
    get_engine(url).dispose()
    get_engine.cache_clear()
    _drop_to_an_older_schema(db)
    config = write_config(tmp_path, db=url)

    refused = run_cli("problems", "--config", str(config))
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "older Wenming" in refused.stderr and "wenming db upgrade" in refused.stderr

    first = run_cli("db", "upgrade", "--config", str(config))
    assert first.returncode == 0, first.stderr
    assert {"created table problem_terms", "added column problems.priority",
            "added column items.field_sources", "created index ix_problems_priority"} <= set(first.stdout.splitlines())
    again = run_cli("db", "upgrade", "--config", str(config))
    assert again.returncode == 0 and again.stdout.strip() == "database is up to date (0 changes)"

    con = sqlite3.connect(db)
    assert con.execute("select title, status, priority from problems").fetchall() == [("华光路人行道违停", "resolved", 0)]
    assert con.execute("select url, field_sources from items").fetchall() == [("https://news.example.cn/bgt/1.html", "{}")]
    con.close()
    listed = run_cli("problems", "--config", str(config))
    assert listed.returncode == 0 and "华光路" in listed.stdout


def test_db_upgrade_on_postgresql_adds_columns_with_their_defaults(throwaway_pg):
    from pipeline.store.db import upgrade_database

    engine = get_engine(throwaway_pg)
    with Session(engine) as s:
        upsert_article(s, article("https://news.example.cn/bgt/2.html"))
        s.commit()
    with engine.begin() as con:
        con.execute(text("alter table items drop column field_sources"))
        con.execute(text("drop index ix_problems_priority"))
        con.execute(text("alter table problems drop column priority"))
    engine.dispose()
    get_engine.cache_clear()
    with pytest.raises(StoreError, match="table items lacks field_sources; run `wenming db upgrade`"):
        get_engine(throwaway_pg)
    assert set(upgrade_database(throwaway_pg)) == {"added column items.field_sources", "added column problems.priority",
                                                   "created index ix_problems_priority"}
    assert upgrade_database(throwaway_pg) == []
    with get_engine(throwaway_pg).connect() as con:
        assert con.execute(text("select field_sources from items")).scalars().all() == ["{}"]
