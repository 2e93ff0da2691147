"""Console scripts: mlc-opt (the pass driver) and mlc-run (the reference interpreter)."""
