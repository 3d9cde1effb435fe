"""Scrutiny pages. Each view checks the role, then fetches through a selector (404 for a
record the viewer may not see), then calls one service."""
