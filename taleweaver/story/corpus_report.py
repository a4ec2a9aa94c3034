"""Statistics of the in-house corpus, written to docs/corpus.md:

    python -m taleweaver.story.corpus_report

Counts per label, the split, sentence shape, diversity (distinct-2, the most similar pair of
stories by TF-IDF cosine, hero names used more than once), how often the color and adjective
show, and the safety screen's verdict on every story.
"""

from __future__ import annotations

import re
import sys
from collections import Counter

from taleweaver.catalog import KINDS, allowed_ids
from taleweaver.paths import DOCS_DIR
from taleweaver.story.corpus import load_corpus, split_of
from taleweaver.story.corpus_format import ADJECTIVE_FORMS, COLOR_FORMS, _mentions, split_sentences
from taleweaver.story.metrics import distinct_n


def most_similar_pair(stories) -> tuple[float, str, str]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [" ".join(s.scenes) for s in stories]
    matrix = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
    sims = (matrix @ matrix.T).toarray()
    for i in range(len(sims)):
        sims[i, i] = 0
    i, j = divmod(int(sims.argmax()), len(sims))
    return float(sims[i, j]), stories[i].id, stories[j].id


def build_report() -> str:
    from taleweaver.safety import screen_story_texts

    stories = list(load_corpus())
    texts = [" ".join(s.scenes) for s in stories]
    lines = ["# The in-house corpus", "",
             "Hand-written five-scene stories for children aged 3-8 (`data/corpus/stories/`), one block per story.",
             "Regenerate this page with `python -m taleweaver.story.corpus_report`.", "",
             f"**{len(stories)} stories**, split by story: " + ", ".join(
                 f"{name} {n}" for name, n in sorted(Counter(split_of(s.id) for s in stories).items())), ""]
    for kind in KINDS:
        counts = Counter(getattr(s, kind) for s in stories)
        lo = min(counts.get(i, 0) for i in allowed_ids(kind))
        lines.append(f"- {kind}: every {kind} appears {lo}-{max(counts.values())} times "
                     f"({', '.join(f'{k} {counts.get(k, 0)}' for k in allowed_ids(kind))})")
    sentences = [sent for s in stories for scene in s.scenes for sent in split_sentences(scene)]
    per_scene = Counter(len(split_sentences(scene)) for s in stories for scene in s.scenes)
    words = [len(re.findall(r"[A-Za-z']+", sent)) for sent in sentences]
    lines += ["", "## Shape", "",
              f"- sentences per scene: " + ", ".join(f"{k}: {v}" for k, v in sorted(per_scene.items())),
              f"- words per sentence: mean {sum(words) / len(words):.1f}, max {max(words)}",
              f"- words per story: mean {sum(len(t.split()) for t in texts) / len(texts):.0f}"]
    color_two = sum(sum(_mentions(sc, COLOR_FORMS.get(s.color, (s.color,))) for sc in s.scenes) >= 2 for s in stories)
    adjective = sum(_mentions(" ".join(s.scenes) + " " + s.title, ADJECTIVE_FORMS[s.adjective]) for s in stories)
    lines += [f"- the color word appears in at least two scenes: {color_two}/{len(stories)}",
              f"- the adjective (or a form of it) appears: {adjective}/{len(stories)}"]
    sim, a, b = most_similar_pair(stories)
    names = Counter(s.hero_name for s in stories if s.hero_name)
    repeated = {n: c for n, c in names.items() if c > 1}
    titles = Counter(s.title for s in stories)
    lines += ["", "## Diversity", "",
              f"- distinct-2 over the whole corpus: {distinct_n(texts):.3f} (unique word pairs / all word pairs)",
              f"- mean distinct-2 within one story: {sum(distinct_n([t]) for t in texts) / len(texts):.3f}",
              f"- most similar pair (TF-IDF 1-2-gram cosine): {a} and {b}, {sim:.3f}",
              f"- hero names: {len(names)} distinct names over {sum(names.values())} named heroes; "
              f"{len(repeated)} names repeat" + (f" ({', '.join(f'{n} ×{c}' for n, c in sorted(repeated.items()))})" if repeated else ""),
              f"- heroes without a name: {sum(1 for s in stories if not s.hero_name)}",
              f"- titles used more than once: {sum(1 for c in titles.values() if c > 1)}"]
    failed = []
    for s in stories:
        verdict = screen_story_texts([s.title, *s.scenes])
        if not verdict.safe:
            failed.append(f"{s.id}: {verdict.layer}: {'; '.join(verdict.reasons)}")
    lines += ["", "## Safety screen", "",
              f"- stories passing the safety screen v1: {len(stories) - len(failed)}/{len(stories)}"]
    lines += [f"  - {f}" for f in failed]
    return "\n".join(lines) + "\n"


def main() -> int:
    report = build_report()
    (DOCS_DIR / "corpus.md").parent.mkdir(exist_ok=True)
    (DOCS_DIR / "corpus.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
