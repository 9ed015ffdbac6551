"""GGG reporting: the figure registry, disclosure control, charts and exports (issue 15)."""
