"""Commissioning pages, by stage: `funds` (funds, rounds and their set-up), `bids`,
`applications` (as staff and assessors see them), `assessment`, `awards` (with their money),
`monitoring` (returns and evaluation), `reports` (with the published grants) and `apply` (the
public's application, no account needed). Each staff view checks the role, fetches through a
selector (a 404 for a record the viewer may not see; a 403 for a page their role cannot use),
calls one service and renders."""
