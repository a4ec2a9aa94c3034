"""taleweaver: a child's four curated choices become an illustrated, narrated, musical story."""

__version__ = "0.1.0"
