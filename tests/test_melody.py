"""The melody generator: tokens, harmony, training code, fitted sampling and the stored library."""

import pytest
import torch
import yaml

from taleweaver.paths import DATA_DIR, MODELS_DIR
from taleweaver.sound.melody import metrics
from taleweaver.sound.melody.build_library import MAX_BAR_RUN, MAX_RANGE, MIN_IN_SCALE
from taleweaver.sound.melody.harmony import MODE_SCALES, chord_from_numeral, derive_bar_chord
from taleweaver.sound.melody.library import REGISTERS, melodies_for
from taleweaver.sound.melody.model import MelodyConfig, load_model, save_model
from taleweaver.sound.melody.tokens import BAR_TICKS, decode, encode

THE_KESH = """X:1
T:The Kesh
M:6/8
L:1/8
K:G
|:GAG GAB|ABA ABd|edd gdd|edB dBA|GAG GAB|ABA ABd|edd gdB|AGF G3:|
"""

COOLEYS_START = """X:2
T:A dorian scrap
M:C|
L:1/8
K:Ador
EA A2 (3ABc BA|G2 EG DGBG|
"""

MODEL_PATH = MODELS_DIR / "melody.pt"
needs_model = pytest.mark.skipif(not MODEL_PATH.exists(), reason="models/melody.pt not built yet")


def _tune(abc):
    from music21 import converter

    from taleweaver.sound.melody.tunes import tune_from_score

    return tune_from_score(converter.parse(abc, format="abc"), "test")


def test_the_kesh_is_moved_to_c_and_survives_a_round_trip():
    tune = _tune(THE_KESH)
    assert (tune.meter, tune.mode, tune.tonic) == ("6/8", "major", "G")
    meter, mode, bars = decode(list(tune.tokens))
    assert len(bars) == 8
    # G A G | G A B in G major is do re do | do re mi, in eighth notes (6 ticks)
    assert bars[0] == [(0, 6), (2, 6), (0, 6), (0, 6), (2, 6), (4, 6)]
    # A G F# G3: the leading tone just below the tonic, then a dotted quarter tonic
    assert bars[-1] == [(2, 6), (0, 6), (-1, 6), (0, 18)]
    assert encode(bars, meter, mode) == list(tune.tokens)


def test_a_dorian_tune_keeps_its_final_as_tonic_and_cut_time_reads_as_four_four():
    tune = _tune(COOLEYS_START)
    assert (tune.meter, tune.mode, tune.tonic) == ("4/4", "dorian", "A")
    _, _, bars = decode(list(tune.tokens))
    assert [p % 12 for p, _ in bars[0][:2]] == [7, 0]  # E A = fifth, tonic
    assert [t for _, t in bars[0][3:6]] == [4, 4, 4]   # the (3ABc triplet: three 4-tick notes
    assert all(sum(t for _, t in bar) == 48 for bar in bars)


def test_encoding_rejects_what_the_vocabulary_cannot_hold():
    with pytest.raises(ValueError, match="meter '5/4' is not one of"):
        encode([[(0, 12)]], "5/4", "major")
    with pytest.raises(ValueError, match="pitch 40 is outside"):
        encode([[(40, 12)]], "4/4", "major")


def test_roman_numerals_become_chord_tones_above_the_tonic():
    assert chord_from_numeral("V7", "major").tones == {7, 11, 2, 5}
    assert chord_from_numeral("bVII", "major").root == 10
    assert chord_from_numeral("III", "minor").tones == {3, 7, 10}
    assert chord_from_numeral("iiø7", "minor").tones == {2, 5, 8, 0}
    with pytest.raises(ValueError, match="not a Roman numeral"):
        chord_from_numeral("G7", "major")


def test_a_bar_outlining_sol_ti_re_is_heard_as_the_dominant():
    bar = [(7, 12), (11, 6), (2, 6), (7, 12), (5, 12)]
    chord = derive_bar_chord(bar, "4/4", "major")
    assert (chord.root, chord.quality) == (7, "maj")


def test_a_few_training_steps_on_a_few_tunes_lower_the_loss_and_the_model_saves(tmp_path):
    from taleweaver.sound.melody.train import train

    tunes = [_tune(THE_KESH), _tune(COOLEYS_START)]
    config = MelodyConfig(token_dim=16, position_dim=8, chord_dim=4, style_dim=4, hidden=32, layers=2)
    model, record = train(tunes, tunes, steps=12, batch_size=2, config=config, eval_every=1, log=lambda _: None)
    losses = [h["dev_nll"] for h in record["history"]]
    assert losses[-1] < losses[0]
    save_model(model, tmp_path / "tiny.pt")
    loaded = load_model(tmp_path / "tiny.pt")
    assert loaded.config == config


@needs_model
def test_the_model_file_is_under_20_mb():
    assert MODEL_PATH.stat().st_size < 20 * 1024 * 1024


@needs_model
def test_fitted_melodies_fill_every_bar_stay_in_scale_and_sound_chord_tones_on_downbeats():
    from taleweaver.sound.melody.sample import sample_fitted

    model = load_model(MODEL_PATH)
    chords = [chord_from_numeral(c, "minor") for c in ["i", "iv", "VII", "III", "VI", "iiø7", "V7", "i"]]
    melodies = sample_fitted(model, "3/4", "minor", chords, REGISTERS["middle"], count=3,
                             generator=torch.Generator().manual_seed(0))
    for melody in melodies:
        assert len(melody.bars) == 8
        assert metrics.complete_bar_share(melody.bars, "3/4") == 1.0
        assert metrics.in_scale_rate(melody.bars, "minor") == 1.0
        assert all(0 <= p <= 17 for p in metrics.pitches(melody.bars))
        for bar, chord in zip(melody.bars, chords):
            assert bar[0][0] % 12 in chord.tones


def _library_or_skip():
    if not (DATA_DIR / "music" / "melodies.jsonl").exists():
        pytest.skip("data/music/melodies.jsonl not built yet")
    return melodies_for()


def test_library_melodies_fit_their_meter_mode_register_and_progression():
    library = _library_or_skip()
    progressions = {p["id"]: p for p in yaml.safe_load((DATA_DIR / "music" / "progressions.yaml").read_text())}
    assert len(library) >= 600
    for melody in library:
        progression = progressions[melody.progression_id]
        assert (melody.meter, melody.mode) == (progression["meter"], progression["mode"])
        assert len(melody.bars) == len(progression["chords"])
        bars = [list(bar) for bar in melody.bars]
        assert all(sum(t for _, t in bar) == BAR_TICKS[melody.meter] for bar in bars), melody.id
        assert metrics.in_scale_rate(bars, melody.mode) >= MIN_IN_SCALE
        assert all(p % 12 in MODE_SCALES[melody.mode] for p in metrics.pitches(bars)), melody.id
        low, high = REGISTERS[melody.register]
        assert low <= melody.lowest <= melody.highest <= high
        assert metrics.pitch_range(bars) <= MAX_RANGE
        assert metrics.longest_bar_run(bars) <= MAX_BAR_RUN


def test_every_progression_has_melodies_in_every_register():
    _library_or_skip()
    for progression in yaml.safe_load((DATA_DIR / "music" / "progressions.yaml").read_text()):
        for register in REGISTERS:
            assert melodies_for(progression_id=progression["id"], register=register), (progression["id"], register)


def test_asking_for_an_unknown_register_or_mode_says_what_is_allowed():
    _library_or_skip()
    with pytest.raises(ValueError, match="register 'squeaky' is not one of low, middle, high"):
        melodies_for(register="squeaky")
    with pytest.raises(ValueError, match="mode 'phrygian' is not one of"):
        melodies_for(mode="phrygian")
    with pytest.raises(ValueError, match="progression 'no_such_song' has no melodies"):
        melodies_for(progression_id="no_such_song")


def test_the_kneser_ney_baseline_gives_a_distribution_after_seen_and_unseen_contexts():
    from taleweaver.sound.melody.ngram import KneserNey
    from taleweaver.sound.melody.tokens import VOCAB

    tunes = [list(_tune(THE_KESH).tokens), list(_tune(COOLEYS_START).tokens)]
    ngram = KneserNey(order=4, discount=0.75).fit(tunes)
    for context in [tuple(tunes[0][:7]), ("n30", "d5", "n-12")]:
        assert sum(ngram.probability(context, token) for token in VOCAB) == pytest.approx(1.0)
    unheard_of = tunes[0][:3] + ["n35", "d1", "n-12", "d1", "</s>"]
    assert ngram.nll(tunes) < ngram.nll([unheard_of])
