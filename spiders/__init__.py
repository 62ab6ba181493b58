"""Wenming's Scrapy project: one generic spider per configured source.

Spiders only fetch and find links; every interpretation of a page happens in
``pipeline/`` (called from ``spiders.pipelines``).
"""
