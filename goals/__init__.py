"""Goals and their place on the 2x2 (kickstart)."""
