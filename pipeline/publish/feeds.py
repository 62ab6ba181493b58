"""Write one FeedSpec as RSS 2.0 and Atom with feedgen.

Deterministic: the build date is the given ``now`` and the generator string
is fixed, so the same ledger and clock give byte-identical files.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from feedgen.feed import FeedGenerator

from pipeline import __version__
from pipeline.publish.entries import FeedSpec
from pipeline.publish.files import write_atomic
from pipeline.publish.text import clean_xml_text
from pipeline.publish.weeks import local

GENERATOR = "Wenming"


def feed_urls(base_url: str, slug: str) -> tuple[str, str]:
    """Public URLs of a feed's RSS and Atom files."""
    return f"{base_url}feeds/{slug}.rss", f"{base_url}feeds/{slug}.atom"


def build_generator(
    spec: FeedSpec, *, base_url: str, issuer: str, now: datetime, self_url: str
) -> FeedGenerator:
    """A FeedGenerator for ``spec``; ``self_url`` is the file's own URL (rel=self)."""
    _, atom_url = feed_urls(base_url, spec.slug)
    fg = FeedGenerator()
    fg.id(atom_url)
    fg.title(clean_xml_text(spec.title))
    fg.description(clean_xml_text(spec.description) or clean_xml_text(spec.title))
    fg.author({"name": clean_xml_text(issuer) or GENERATOR})
    # feedgen takes the *last* link as RSS <link>: self first, then alternate
    fg.link(href=self_url, rel="self")
    fg.link(href=f"{base_url}bulletins/index.html", rel="alternate")
    fg.language("zh-CN")
    fg.generator(GENERATOR, version=__version__)
    fg.lastBuildDate(local(now))
    for e in spec.entries:
        fe = fg.add_entry(order="append")
        fe.id(e.id)
        fe.title(clean_xml_text(e.title))
        fe.link(href=e.link, rel="alternate")
        fe.published(local(e.published))
        fe.updated(local(e.updated))
        if e.summary:
            fe.summary(clean_xml_text(e.summary))
        for name in e.categories:
            fe.category(term=clean_xml_text(name))
        if e.enclosure:
            url, length, mime = e.enclosure
            fe.enclosure(url, str(length), mime)
    return fg


def write_feed(
    spec: FeedSpec, feeds_dir: Path, *, base_url: str, issuer: str, now: datetime
) -> list[Path]:
    """Write ``<slug>.rss`` and ``<slug>.atom``; return both paths."""
    rss_url, atom_url = feed_urls(base_url, spec.slug)
    rss, atom = feeds_dir / f"{spec.slug}.rss", feeds_dir / f"{spec.slug}.atom"
    for path, url in ((rss, rss_url), (atom, atom_url)):
        fg = build_generator(spec, base_url=base_url, issuer=issuer, now=now, self_url=url)
        write_atomic(path, fg.rss_str(pretty=True) if path is rss else fg.atom_str(pretty=True))
    return [rss, atom]
