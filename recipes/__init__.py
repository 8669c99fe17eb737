"""If-then personalization recipes and the persofails that guard them (planning)."""
