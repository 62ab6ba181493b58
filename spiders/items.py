"""The one item the spiders emit: a fetched article page, uninterpreted."""

import scrapy


class PageItem(scrapy.Item):
    url = scrapy.Field()
    status = scrapy.Field()
    headers = scrapy.Field()  # dict of lower-case header name -> value
    body = scrapy.Field()  # bytes, as received
    source = scrapy.Field()
    fetched_at = scrapy.Field()
