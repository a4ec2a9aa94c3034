"""One module per catalog theme; each registers its designs with @design."""
