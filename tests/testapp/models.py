"""Models used only by tests."""
