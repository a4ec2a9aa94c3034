"""Which spaCy pipeline each part of the language stage parses with.

Two English pipelines are installed: the shared small one (`taleweaver.nlp.english()`,
en_core_web_sm) and a medium one (`taleweaver.nlp.english_md()`, en_core_web_md) whose
parser makes fewer attachment and tagging mistakes. Coreference and the relation graph
parse different texts (the story as written; each scene after it is rewritten), so each
can use its own. The choice below was measured, not assumed: docs/coref.md and
docs/relation-graph.md give accuracy and milliseconds per story with each.

`using_parsers(coref="sm", graph="md")` switches them for a block of code (the evaluation
scripts measure both that way).
"""

from __future__ import annotations

from contextlib import contextmanager

from taleweaver.nlp import english, english_md

PIPELINES = {"sm": english, "md": english_md}

# Measured choice (see the docs pages named above).
_chosen = {"coref": "sm", "graph": "md"}


def coref_parser():
    """The spaCy pipeline coreference parses the story with."""
    return PIPELINES[_chosen["coref"]]()


def graph_parser():
    """The spaCy pipeline the relation graph parses each resolved scene with."""
    return PIPELINES[_chosen["graph"]]()


def parser_names() -> dict[str, str]:
    return dict(_chosen)


@contextmanager
def using_parsers(coref: str | None = None, graph: str | None = None):
    """Parse with other pipelines inside a `with` block: `using_parsers(graph="sm")`."""
    wanted = {"coref": coref, "graph": graph}
    for stage, name in wanted.items():
        if name is not None and name not in PIPELINES:
            raise ValueError(f"unknown parser {name!r} for {stage}; allowed: {', '.join(PIPELINES)}")
    before = dict(_chosen)
    _chosen.update({stage: name for stage, name in wanted.items() if name is not None})
    try:
        yield
    finally:
        _chosen.clear()
        _chosen.update(before)
