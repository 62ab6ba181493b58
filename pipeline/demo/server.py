"""A tiny threaded HTTP server for the demo site (and for crawler tests).

Serves the files under ``root`` on 127.0.0.1 with the Content-Type recorded in
``root/_headers.json`` (falling back to the file extension), answers 404 for
anything missing, and lets tests register extra routes (a 500 page, an empty
page, a PDF ...) with ``add_route``.  In XML and text files the placeholder
origin ``site.BASE_PLACEHOLDER`` is replaced by the origin the client asked
for (its Host header, or the absolute URL of a proxy-style request line), so a
site built without a base URL has working absolute links in sitemap.xml,
rss.xml and robots.txt both when fetched from 127.0.0.1:PORT directly and when
the server is used as an HTTP proxy for ``http://qifeng.example``.
"""

from __future__ import annotations

import json
import mimetypes
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

from pipeline.demo.site import BASE_PLACEHOLDER, HEADERS_FILE

REWRITE_SUFFIXES = (".xml", ".txt")


@dataclass(frozen=True)
class Route:
    """A canned response registered with ``DemoServer.add_route``."""

    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Client hang-ups and the like are not worth a traceback."""


class DemoServer:
    """Serve ``root`` on 127.0.0.1 (a free port) from a background thread.

    Starts at construction; use as a context manager or call ``stop()``.
    """

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root).resolve()
        self.hits: deque[str] = deque(maxlen=10_000)  # request paths, in arrival order
        self._routes: dict[str, Route] = {}
        self._lock = threading.Lock()
        self._headers: dict[str, str] = {}
        self._headers_mtime: float | None = None
        self._httpd = _QuietServer((host, port), self._handler_class())
        self.port: int = self._httpd.server_address[1]
        self.base_url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        name=f"demo-server-{self.port}", daemon=True)
        self._stopped = False
        self._thread.start()

    # ------------------------------------------------------------- public

    def url(self, path: str) -> str:
        """Absolute URL of a root-relative path on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def add_route(self, path: str, status: int, body: bytes,
                  content_type: str = "text/html; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
        """Answer requests for ``path`` with a canned response (overrides files)."""
        with self._lock:
            self._routes[path] = Route(status, body, content_type, dict(headers or {}))

    def remove_route(self, path: str) -> None:
        with self._lock:
            self._routes.pop(path, None)

    def stop(self) -> None:
        """Shut the server down and wait for its thread (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # ----------------------------------------------------------- internals

    def _content_type(self, path: str, file: Path) -> str:
        hfile = self.root / HEADERS_FILE
        with self._lock:
            try:
                mtime = hfile.stat().st_mtime
            except OSError:
                mtime = None
            if mtime != self._headers_mtime:
                self._headers_mtime = mtime
                self._headers = (json.loads(hfile.read_text(encoding="utf-8"))
                                 if mtime is not None else {})
            if path in self._headers:
                return self._headers[path]
        if file.suffix in (".html", ".htm"):
            return "text/html; charset=utf-8"
        return mimetypes.guess_type(file.name)[0] or "application/octet-stream"

    def _resolve(self, path: str, origin: str) -> Route:
        with self._lock:
            self.hits.append(path)
            route = self._routes.get(path)
        if route is not None:
            return route
        if path.endswith("/"):
            path += "index.html"
        file = (self.root / path.lstrip("/")).resolve()
        if file.is_dir():
            file, path = file / "index.html", path.rstrip("/") + "/index.html"
        if (not file.is_relative_to(self.root) or not file.is_file()
                or file.name == HEADERS_FILE):
            return Route(404, b"<html><body><h1>404 Not Found</h1></body></html>",
                         "text/html; charset=utf-8")
        body = file.read_bytes()
        if file.suffix in REWRITE_SUFFIXES:
            body = body.replace(BASE_PLACEHOLDER.encode(), origin.encode())
        return Route(200, body, self._content_type(path, file))

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "QifengDemo/1.0"

            def _answer(self, with_body: bool) -> None:
                url = urlsplit(self.path)
                if url.netloc:  # proxy-style request line: keep the client's origin
                    origin = f"{url.scheme}://{url.netloc}"
                else:
                    host = self.headers.get("Host")
                    origin = f"http://{host}" if host else server.base_url
                route = server._resolve(unquote(url.path) or "/", origin)
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if with_body:
                    self.wfile.write(route.body)

            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                self._answer(True)

            def do_HEAD(self) -> None:  # noqa: N802
                self._answer(False)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                """Quiet: no request log on stderr."""

        return Handler
