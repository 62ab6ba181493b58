"""Tracking: the problem ledger (问题台账).

``match`` scores follow-up mentions against candidate problems found through
indexed queries; ``ledger`` applies exposures and follow-ups as appended
events; ``editor`` holds the editor's overrides and the review queue.
"""

from pipeline.track.ledger import TrackReport, track_items

__all__ = ["TrackReport", "track_items"]
