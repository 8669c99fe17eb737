"""Assets, barriers and the commitments that remove them (kickstart)."""
