"""Demo data for ``manage.py seed_demo``: realistic, Dutch, and safe to load twice."""
