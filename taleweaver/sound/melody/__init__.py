"""Melody generator: a small LSTM trained offline on public-domain folk tunes, and the library
of melodies it wrote for the part library's progressions (data/music/melodies.jsonl).

Offline only:  tunes (parse + cache) -> train -> evaluate -> build_library.
At story time: library.melodies_for(...) reads the stored melodies; nothing is generated.
"""
