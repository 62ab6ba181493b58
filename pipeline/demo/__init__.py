"""Bundled demo website of a fictional Zibo outlet (齐风晚报) and a tiny HTTP server.

``site.build_site`` renders the site from the TOML files in ``data/``;
``server.DemoServer`` serves it on 127.0.0.1; ``truth.expected_problems``
is the ledger the pipeline should arrive at after crawling it.
"""
