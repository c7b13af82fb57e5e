"""Two authentic texts: each clause in every language of the draft, stale versions flagged, alignment checked."""
