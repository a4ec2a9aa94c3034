"""Scene stage: object library, backgrounds, object selection, layout and rendering."""
