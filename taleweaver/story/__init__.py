"""The story generator: planner, writer, coherence ranker, and the corpus they learn from."""
