"""The ledger commands on the demo's database, as an editor uses them."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import run_cli, write_config


def _cfg(tmp_path, demo_run) -> str:
    return str(write_config(tmp_path, db=f"sqlite:///{demo_run[0] / 'wenming.db'}"))


def test_problems_list_filter_show_and_override(tmp_path, demo_run):
    cfg = _cfg(tmp_path, demo_run)
    listing = run_cli("problems", "--config", cfg, "--status", "resolved", "--json")
    assert listing.returncode == 0, listing.stderr
    rows = [json.loads(line) for line in listing.stdout.splitlines()]
    assert rows and all(r["status"] == "resolved" for r in rows)
    pid = rows[0]["id"]
    show = run_cli("problems", "show", str(pid), "--config", cfg)
    assert "时间线" in show.stdout and "已整改" in show.stdout and "http://qifeng.example/" in show.stdout
    # an editor's override is appended to the timeline, in a copy of the database
    import shutil

    copy = tmp_path / "copy.db"
    shutil.copy(demo_run[0] / "wenming.db", copy)
    (tmp_path / "c2").mkdir()
    cfg2 = str(write_config(tmp_path / "c2", db=f"sqlite:///{copy}"))
    done = run_cli("problems", "set-status", str(pid), "reopened", "--by", "王编辑", "--note", "现场复核仍有违停", "--config", cfg2)
    assert done.returncode == 0, done.stderr
    show = run_cli("problems", "show", str(pid), "--config", cfg2).stdout
    assert "by 王编辑" in show and "现场复核仍有违停" in show and "by machine" in show
    bad = run_cli("problems", "set-status", "99999", "resolved", "--by", "王编辑", "--config", cfg2)
    assert bad.returncode == 2 and bad.stderr.strip() == "wenming: error: no problem #99999"


def test_overdue_filter(tmp_path, demo_run):
    out = run_cli("problems", "--overdue", "--config", _cfg(tmp_path, demo_run))
    assert out.returncode == 0 and "逾期" in out.stdout


def test_export_problems_csv_and_jsonl(tmp_path, demo_run):
    cfg = _cfg(tmp_path, demo_run)
    target = tmp_path / "ledger.csv"
    assert run_cli("export", "problems", "--format", "csv", "--output", str(target), "--config", cfg).returncode == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) >= 30 and {"id", "status", "district", "place", "deadline", "evidence"} <= set(rows[0])
    jl = run_cli("export", "problems", "--config", cfg).stdout.splitlines()
    first = json.loads(jl[0])
    assert first["evidence"] and {"url", "status", "at", "by", "score"} <= set(first["evidence"][0])
    items = run_cli("export", "items", "--config", cfg).stdout.splitlines()
    assert len(items) >= 35 and json.loads(items[0])["url"].startswith("http://qifeng.example/")


def test_tag_a_jsonl_file_without_database(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "a", "title": "市民反映：张店区华光路占道经营严重",
                    "body": "市民反映，张店区华光路与柳泉路路口流动摊贩占道经营，马路市场堵塞交通。"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "b", "title": "今天天气很好", "body": "阳光明媚，适合出游。"}, ensure_ascii=False),
    ]), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_cli("tag", "--input", str(src), "--output", str(out), "--config", str(write_config(tmp_path)))
    assert proc.returncode == 0, proc.stderr
    assert "in.jsonl:2: skipped" in proc.stderr
    a, b = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert a["id"] == "a" and a["kind"] == "exposure"
    assert a["mentions"][0]["problem_type"] == "street_vending" and a["mentions"][0]["district"] == "张店区"
    assert b["kind"] == "other" and b["mentions"] == []


def test_tag_a_file_from_anywhere_with_bad_lines_and_a_legacy_encoding(tmp_path):
    """No wenming.toml in the folder: the built-in taxonomy and gazetteer are used and said so. Each
    unusable line is skipped with its reason and counted; an export saved as GB18030 is read as such;
    a UTF-8 file with one spoilt line loses that line only; a failed run leaves no half-written output."""
    parked = {"id": "p1", "title": "张店区华光路人行道违停严重", "body": "华光路人行道上停满了车辆，行人只能走机动车道。"}
    lines = [json.dumps(parked, ensure_ascii=False).encode("utf-8"), b"[1, 2]", b'{"title": "no id"}',
             b'{"id": "x", "title": "\xe5\x8d"}', b"", json.dumps({"id": "p2", "title": "ok", "body": "ok"}).encode()]
    src = tmp_path / "export.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")
    out = tmp_path / "tagged.jsonl"
    proc = run_cli("tag", "--input", str(src), "--output", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "built-in taxonomy" in proc.stderr
    for lineno, reason in ((2, "not a JSON object"), (3, "no id"), (4, "not UTF-8")):
        assert f"export.jsonl:{lineno}: skipped: {reason}" in proc.stderr
    assert "tagged 2 records, skipped 3" in proc.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["p1", "p2"]
    assert rows[0]["mentions"][0]["problem_type"] == "illegal_parking" and rows[0]["mentions"][0]["district"] == "张店区"
    assert not list(tmp_path.glob("*.part"))

    gbk = tmp_path / "gbk.jsonl"
    gbk.write_bytes(json.dumps(parked, ensure_ascii=False).encode("gb18030") + b"\n")
    proc = run_cli("tag", "--input", str(gbk), "--output", str(out), cwd=tmp_path)
    assert proc.returncode == 0 and "read as GB18030" in proc.stderr, proc.stderr
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["id"] == "p1" and row["mentions"][0]["place"] == "华光路"
