"""Sound stage: mood, narration, part library, melodies, arrangement and effects."""
