"""From a new article to candidate facts: known entities, dates and figures found in its text,
written as YAML marked `review: pending` for a curator to check (hrgraph suggest)."""
