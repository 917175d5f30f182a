"""Quote families: normalise, compare, diff and cluster quotes across outlets (pure, no DB)."""
