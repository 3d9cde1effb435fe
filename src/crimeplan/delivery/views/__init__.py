"""Delivery pages: the plan by priority, actions and their updates, the timeline, exports,
plan files, and the plan update report with its published versions.

By page group, as scrutiny's are: `plans` (the plan, its content, revisions and plan files),
`actions` (actions, the timeline, updates, milestones, evidence) and `reports` (the plan update
report and its published versions); `common` holds what they share. Each staff page checks the
role, then fetches through a selector (404 for a record the viewer may not see).
"""
