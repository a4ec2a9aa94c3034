"""taleweaver: a child's four curated choices become an illustrated, narrated, musical story."""

__version__ = "0.1.0"


def create_story(choices, seed=None, k=4):
    """An original five-scene story for the choices (see taleweaver.story.generator)."""
    from taleweaver.story.generator import create_story as _create_story

    return _create_story(choices, seed=seed, k=k)
