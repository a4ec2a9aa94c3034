"""Recipes: how each kind of sound is synthesized. data/sound/effects.yaml names a recipe and
its parameters for every effect, so one recipe serves several effects (the `voice` recipe
makes the owl's hoot, the cat's meow and the yawn; `chime` makes the magic chime and the
castle bell).

Every recipe is called as recipe(sr, rng, duration_s, **params) and returns about
duration_s * sr samples (float64, any level: the renderer trims, fades and sets the loudness).
Times written as fractions (0..1) are fractions of the effect's duration, so an effect can be
lengthened in the data without rewriting its curves. Frequencies are in Hz.
Reads: nothing but its arguments. Writes: nothing.
"""

from __future__ import annotations

import numpy as np

from taleweaver.sound.effects.synth import (
    bandpass, bell_partials, brown_noise, curve, decay, envelope, fm, highpass, lowpass,
    moving_band, phase_of, place, resonator, samples, tone, white_noise,
)

# Formant frequencies (F1, F2, F3) of the vowels the `voice` recipe can shape.
# "m" is a closed-mouth hum; "n" a nasal for the pig's oink.
VOWELS = {
    "a": (800, 1250, 2600),
    "e": (520, 1850, 2600),
    "i": (320, 2300, 3000),
    "o": (520, 900, 2500),
    "u": (330, 800, 2300),
    "m": (260, 1000, 2300),
    "n": (300, 1500, 2500),
}
FORMANT_GAINS = (1.0, 0.6, 0.25)


def _times(points, duration_s):
    """[[fraction, value], ...] -> [(seconds, value), ...]."""
    return [(float(frac) * duration_s, value) for frac, value in points]


def _gates(n, sr, duration_s, notes, attack_s, release_s):
    """An on/off envelope with one soft-edged bump per note [[start_frac, end_frac], ...]."""
    gate = np.zeros(n)
    for start, end in notes:
        a, b = int(start * n), max(int(start * n) + 2, int(end * n))
        b = min(b, n)
        gate[a:b] = np.maximum(gate[a:b], envelope(b - a, sr, attack_s, release_s))
    return gate


# ---------------------------------------------------------------- water

def water_splash(sr, rng, duration_s, size=1.0, droplets=8, brightness_hz=3500, count=1, interval_s=0.4):
    """A splash: a burst of bright noise that dies away, then droplets falling back (short
    rising sine blips). `size` below 1 makes a small plop; `count` > 1 repeats it (paddling)."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    for i in range(count):
        start = i * interval_s * (0.85 + 0.3 * rng.random())
        burst_n = samples(0.35 * size + 0.05, sr)
        body = bandpass(white_noise(rng, burst_n), 300, brightness_hz, sr) * decay(burst_n, sr, 0.09 * size, 0.008)
        thump = np.sin(2 * np.pi * np.cumsum(curve([(0, 220), (0.08, 90)], burst_n, sr, log=True)) / sr)
        place(out, body + 0.6 * size * thump * decay(burst_n, sr, 0.05), start, sr)
        for _ in range(droplets):
            drop_n = samples(0.03, sr)
            f = curve([(0, 900 + 1500 * rng.random()), (0.03, 2200 + 1500 * rng.random())], drop_n, sr, log=True)
            blip = np.sin(phase_of(f, sr)) * decay(drop_n, sr, 0.008)
            place(out, blip, start + 0.08 + rng.random() * 0.5 * size, sr, 0.3 * rng.random() + 0.1)
    return out


def bubbles(sr, rng, duration_s, count=10, low_hz=350, high_hz=1100):
    """Rising blips at random times: each bubble's pitch sweeps up as it is born."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    for _ in range(count):
        length = 0.04 + 0.06 * rng.random()
        m = samples(length, sr)
        f0 = low_hz * (high_hz / low_hz) ** rng.random()
        f = f0 * (1 + 1.5 * (np.arange(m) / m) ** 1.5)
        place(out, np.sin(phase_of(f, sr)) * decay(m, sr, length / 3, 0.004),
              rng.random() * (duration_s - length), sr, 0.5 + 0.5 * rng.random())
    return out


def drip(sr, rng, duration_s, freq_hz=900, drops=1, interval_s=0.5):
    """A water drop: a pure tone that jumps up in pitch and fades in a blink ("plink")."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    for i in range(drops):
        m = samples(0.12, sr)
        f = curve([(0, freq_hz), (0.05, freq_hz * 2.2)], m, sr, log=True)
        place(out, np.sin(phase_of(f, sr)) * decay(m, sr, 0.03, 0.003), 0.02 + i * interval_s, sr)
    return out


def waves(sr, rng, duration_s, swells=2, cutoff_hz=1800):
    """The sea on a beach: noise that swells and falls back, a little brighter at each crest."""
    n = samples(duration_s, sr)
    t = np.arange(n) / n
    swell = 0.5 - 0.5 * np.cos(2 * np.pi * swells * t)
    centers = 300 + (cutoff_hz - 300) * swell
    return moving_band(white_noise(rng, n), centers, 2.5, sr) * (0.15 + swell)


# ---------------------------------------------------------------- air and weather

def whoosh(sr, rng, duration_s, start_hz=300, end_hz=1500, peak_at=0.5, width_octaves=1.2, rumble=0.0):
    """Air rushing past: noise through a band that glides from start_hz to end_hz while the
    loudness swells to a peak at `peak_at` (a fraction) and falls away. `rumble` adds a deep
    engine-like roar underneath (a rocket)."""
    n = samples(duration_s, sr)
    centers = curve([(0, start_hz), (duration_s, end_hz)], n, sr, log=True)
    t = np.arange(n) / n
    peak_at = min(max(peak_at, 0.05), 0.95)
    shape = np.where(t < peak_at, t / peak_at, (1 - t) / (1 - peak_at)) ** 1.5
    out = moving_band(white_noise(rng, n), centers, width_octaves, sr) * shape
    if rumble:
        low = lowpass(brown_noise(rng, n), 140, sr, order=4)
        out = out / (np.max(np.abs(out)) + 1e-9) + rumble * low / (np.max(np.abs(low)) + 1e-9) * envelope(n, sr, 0.3, 0.6)
    return out


def wind(sr, rng, duration_s, center_hz=500, gusts=2, width_octaves=1.5):
    """A breeze: noise through a band that drifts up and down with slow gusts."""
    n = samples(duration_s, sr)
    t = np.arange(n) / n
    wobble = np.sin(2 * np.pi * gusts * t + rng.random() * 6) + 0.4 * np.sin(2 * np.pi * (2.3 * gusts) * t)
    centers = center_hz * 2 ** (0.6 * wobble)
    loud = 0.55 + 0.45 * (wobble / 1.4)
    return moving_band(white_noise(rng, n), centers, width_octaves, sr) * loud * envelope(n, sr, 0.4, 0.6)


def rain(sr, rng, duration_s, drops_per_s=45, bed=0.3):
    """Gentle rain: a soft hiss with many tiny drop ticks scattered through it."""
    n = samples(duration_s, sr)
    out = bed * bandpass(white_noise(rng, n), 1500, 7000, sr)
    for _ in range(int(drops_per_s * duration_s)):
        m = samples(0.01, sr)
        tick = bandpass(white_noise(rng, m), 2000 + 3000 * rng.random(), 9000, sr) * decay(m, sr, 0.002, 0.0005)
        place(out, tick, rng.random() * duration_s, sr, 1.5 * rng.random())
    return out * envelope(n, sr, 0.3, 0.5)


def thunder(sr, rng, duration_s, rolls=3, cutoff_hz=160):
    """Thunder far away: only the deep rumble, rolling in a few soft swells, no crack."""
    n = samples(duration_s, sr)
    rumble = lowpass(brown_noise(rng, n) + 0.3 * white_noise(rng, n), cutoff_hz, sr, order=4)
    t = np.arange(n) / sr
    swells = np.zeros(n)
    for i in range(rolls):
        centre = duration_s * (0.2 + 0.6 * i / max(rolls - 1, 1)) + 0.1 * rng.random()
        swells += (1 - 0.25 * i) * np.exp(-0.5 * ((t - centre) / (duration_s / 8)) ** 2)
    return rumble * swells * envelope(n, sr, 0.5, 0.8)


# ---------------------------------------------------------------- steps and knocks

SURFACES = {
    # surface: (band low Hz, band high Hz, step length s, crunchiness 0..1, wooden body Hz)
    "grass": (1200, 6000, 0.16, 0.3, 0),
    "snow": (700, 4500, 0.22, 1.0, 0),
    "wood": (150, 2500, 0.12, 0.0, 190),
    "leaves": (1500, 8000, 0.2, 0.8, 0),
}


def footsteps(sr, rng, duration_s, surface="grass", steps=4, interval_s=0.45):
    """Steps on a surface: each a short burst of filtered noise shaped by what is underfoot
    (grass brushes, snow crunches in grains, wood thumps with a low ring)."""
    if surface not in SURFACES:
        raise ValueError(f"unknown surface {surface!r}; allowed: {', '.join(SURFACES)}")
    low, high, length, crunch, body_hz = SURFACES[surface]
    n = samples(duration_s, sr)
    out = np.zeros(n)
    for i in range(steps):
        m = samples(length, sr)
        noise = bandpass(white_noise(rng, m), low, high, sr)
        if crunch:
            grains = (rng.random(m) < 0.02).astype(float)
            grains = np.convolve(grains, np.hanning(samples(0.004, sr)), "same")
            noise *= (1 - crunch) + crunch * grains * 3
        step = noise * envelope(m, sr, 0.01, length * 0.7)
        if body_hz:
            step = 0.4 * step + resonator(step, body_hz * (0.9 + 0.2 * rng.random()), 8, sr) * 3
        place(out, step, 0.03 + i * interval_s * (0.92 + 0.16 * rng.random()), sr, 0.8 + 0.2 * (i % 2))
    return out


def crunch(sr, rng, duration_s, grains_per_s=220, low_hz=800, high_hz=5000, bursts=2):
    """Crunchy snow or dry leaves pressed: dense crackling grains in a couple of bursts."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    for i in range(bursts):
        m = samples(duration_s / bursts * 0.8, sr)
        grains = (rng.random(m) < grains_per_s / sr).astype(float) * rng.random(m)
        burst = bandpass(np.convolve(grains, rng.standard_normal(samples(0.003, sr)), "same"), low_hz, high_hz, sr)
        place(out, burst * envelope(m, sr, 0.02, m / sr * 0.6), i * duration_s / bursts, sr)
    return out


def knock(sr, rng, duration_s, knocks=3, interval_s=0.22, pitch_hz=170, pitches=None):
    """Knuckles on a wooden door: a click ringing a low wooden resonance, a few times.
    `pitches` (one per knock) turns it into a clock's tick-tock."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    for i in range(knocks):
        f = pitches[i % len(pitches)] if pitches else pitch_hz * (1 + 0.05 * rng.random())
        m = samples(0.18, sr)
        click = np.zeros(m)
        click[: samples(0.003, sr)] = rng.standard_normal(samples(0.003, sr))
        ring = resonator(click, f, 6, sr) + 0.3 * resonator(click, f * 2.7, 10, sr)
        place(out, ring * decay(m, sr, 0.04), 0.02 + i * interval_s, sr)
    return out


def thump(sr, rng, duration_s, pitch_hz=75, softness=0.06):
    """A soft bump: a low tone that drops in pitch, padded with a little muffled noise."""
    n = samples(duration_s, sr)
    f = curve([(0, pitch_hz * 1.8), (0.08, pitch_hz)], n, sr, log=True)
    body = np.sin(phase_of(f, sr)) * decay(n, sr, softness * 1.5, 0.004)
    pad = lowpass(white_noise(rng, n), 600, sr) * decay(n, sr, softness / 2, 0.002)
    return body + 0.4 * pad


def hoof_clops(sr, rng, duration_s, beats=4, interval_s=0.3, pitch_hz=900):
    """Hooves on a path, "clip-clop": pairs of hollow clicks, the second a little lower."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    for i in range(beats):
        for j, (offset, ratio) in enumerate(((0.0, 1.0), (0.11, 0.78))):
            m = samples(0.08, sr)
            click = rng.standard_normal(m) * decay(m, sr, 0.003)
            clop = resonator(click, pitch_hz * ratio * (0.95 + 0.1 * rng.random()), 12, sr)
            place(out, clop * decay(m, sr, 0.025), 0.02 + i * interval_s + offset, sr, 1.0 - 0.2 * j)
    return out


def door_creak(sr, rng, duration_s, rate_start_hz=25, rate_end_hz=60, body_hz=900):
    """A slowly opening door: stick-slip clicks whose rate glides (a creak is many tiny
    clicks), through the wooden door's resonances. Slow and soft: curious, not spooky."""
    n = samples(duration_s, sr)
    rate = curve([(0, rate_start_hz), (duration_s * 0.6, rate_end_hz * 1.2), (duration_s, rate_end_hz)], n, sr, log=True)
    rate *= 1 + 0.05 * rng.standard_normal(n).cumsum() / np.sqrt(n)
    phase = np.cumsum(rate) / sr
    pulses = np.diff(np.floor(phase), prepend=0.0)
    body = resonator(pulses, body_hz, 6, sr) + 0.6 * resonator(pulses, body_hz * 1.9, 8, sr)
    return body * envelope(n, sr, 0.15, 0.3)


# ---------------------------------------------------------------- voices and animals

def voice(sr, rng, duration_s, pitch, vowels=((0, "a"),), notes=((0, 1),), vibrato_hz=5.0, vibrato_cents=20,
          breath=0.1, tilt=1.2, growl=0.0, formant_shift=1.0, attack_s=0.03, release_s=0.08):
    """A sung or called sound made the way a voice is: a tone rich in harmonics (the vocal
    folds) shaped by the mouth's resonances (formants) as it moves between vowels.
    pitch: [[frac, Hz], ...]; vowels: [[frac, vowel], ...] with vowels from VOWELS;
    notes: [[start_frac, end_frac], ...], the syllables ("hoo-hoo", "hee-hee-hee");
    tilt: how fast the harmonics fade (higher = purer, like an owl); breath: share of airy
    noise; growl: a slow flutter of loudness (a purr inside a roar); formant_shift scales
    the mouth (above 1 = a smaller animal)."""
    n = samples(duration_s, sr)
    t = np.arange(n) / sr
    f0 = curve(_times(pitch, duration_s), n, sr, log=True)
    f0 = f0 * 2 ** (vibrato_cents / 1200 * np.sin(2 * np.pi * vibrato_hz * t))
    unknown = [v for _, v in vowels if v not in VOWELS]
    if unknown:
        raise ValueError(f"unknown vowel {unknown[0]!r}; allowed: {', '.join(VOWELS)}")
    formants = [curve([(float(frac) * duration_s, VOWELS[v][i] * formant_shift) for frac, v in vowels], n, sr)
                for i in range(3)]
    phase = phase_of(f0, sr)
    out = np.zeros(n)
    for k in range(1, 80):
        fk = k * f0
        if np.min(fk) > 0.45 * sr:
            break
        shape = sum(g / (1 + ((fk - fc) / (0.2 * fc + 60)) ** 2) for g, fc in zip(FORMANT_GAINS, formants))
        out += k ** -tilt * shape * np.sin(k * phase) * (fk < 0.45 * sr)
    out /= np.max(np.abs(out)) + 1e-9
    if breath:
        air = moving_band(white_noise(rng, n), formants[0], 1.0, sr) + moving_band(white_noise(rng, n), formants[1], 1.0, sr)
        out += breath * air / (np.max(np.abs(air)) + 1e-9)
    if growl:
        out *= 1 - growl * (0.5 + 0.5 * np.sin(2 * np.pi * 28 * t))
    return out * _gates(n, sr, duration_s, notes, attack_s, release_s)


def roar(sr, rng, duration_s, pitch_hz=110, end_hz=85, brightness_hz=900, breath=0.5, growl=0.4):
    """A friendly roar: a low, round "rrrawr" that swells in slowly and glides down,
    with the top cut away (brightness_hz) so it rumbles instead of startling."""
    n = samples(duration_s, sr)
    t = np.arange(n) / sr
    f0 = curve([(0, pitch_hz * 0.85), (duration_s * 0.3, pitch_hz), (duration_s, end_hz)], n, sr, log=True)
    f0 *= 1 + 0.02 * np.sin(2 * np.pi * 5 * t)
    body = tone(f0, sr, [1 / k for k in range(1, 25)])
    body = body * (1 - growl * (0.5 + 0.5 * np.sin(2 * np.pi * 24 * t)))
    air = moving_band(white_noise(rng, n), curve([(0, 500), (duration_s, 300)], n, sr), 1.5, sr)
    mix = body / (np.max(np.abs(body)) + 1e-9) + breath * air / (np.max(np.abs(air)) + 1e-9)
    return lowpass(mix, brightness_hz, sr, order=4) * envelope(n, sr, duration_s * 0.3, duration_s * 0.4)


def rumble(sr, rng, duration_s, pitch_hz=48, wobble_hz=5, cutoff_hz=220):
    """A big gentle animal's hum: a very low tone with a slow wobble and soft noise."""
    n = samples(duration_s, sr)
    t = np.arange(n) / sr
    f0 = pitch_hz * (1 + 0.04 * np.sin(2 * np.pi * 0.7 * t))
    body = tone(f0, sr, [1, 0.6, 0.35, 0.2, 0.1])
    body *= 0.7 + 0.3 * np.sin(2 * np.pi * wobble_hz * t)
    body += 0.4 * lowpass(brown_noise(rng, n), cutoff_hz, sr)
    return lowpass(body, cutoff_hz, sr) * envelope(n, sr, duration_s * 0.35, duration_s * 0.4)


def bird_tweet(sr, rng, duration_s, chirps=5, low_hz=2500, high_hz=5000):
    """Little bird calls: quick whistled glides, up then down, in a short phrase."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    gap = duration_s / (chirps + 0.5)
    for i in range(chirps):
        length = 0.06 + 0.08 * rng.random()
        m = samples(length, sr)
        a = low_hz + (high_hz - low_hz) * rng.random()
        b = low_hz + (high_hz - low_hz) * rng.random()
        f = curve([(0, a), (length * 0.4, max(a, b) * 1.15), (length, b)], m, sr, log=True)
        place(out, np.sin(phase_of(f, sr)) * envelope(m, sr, 0.01, length * 0.5), 0.02 + i * gap * (0.8 + 0.4 * rng.random()), sr)
    return out


def crickets(sr, rng, duration_s, carrier_hz=4400, pulse_hz=32, pulses=4, chirps=4):
    """Crickets at night: a high tone switched on and off in quick pulse groups."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    gap = duration_s / chirps
    for i in range(chirps):
        m = samples(pulses / pulse_hz, sr)
        t = np.arange(m) / sr
        gate = np.clip(np.sin(np.pi * pulse_hz * t), 0, None) ** 2
        chirp = np.sin(2 * np.pi * carrier_hz * (1 + 0.01 * rng.random()) * t) * gate
        place(out, chirp, 0.05 + i * gap + 0.05 * rng.random(), sr)
    return out


def buzz(sr, rng, duration_s, pitch_hz=220, flyby=True):
    """A bumblebee: a buzzy tone wavering in pitch, passing by (louder in the middle)."""
    n = samples(duration_s, sr)
    t = np.arange(n) / sr
    f0 = pitch_hz * (1 + 0.03 * np.sin(2 * np.pi * 3 * t) + 0.01 * np.sin(2 * np.pi * 11 * t))
    if flyby:
        f0 *= curve([(0, 1.06), (duration_s, 0.94)], n, sr)
    body = lowpass(tone(f0, sr, [1 / k for k in range(1, 30)]), 1800, sr)
    shape = np.sin(np.pi * np.arange(n) / n) ** 2 if flyby else envelope(n, sr, 0.1, 0.2)
    return body * shape


def croak(sr, rng, duration_s, croaks=2, pitch_hz=160, pulse_hz=35, length_s=0.35):
    """A frog's "rib-bit": a low buzzy tone chopped into quick pulses, through a hollow body."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    for i in range(croaks):
        m = samples(length_s, sr)
        t = np.arange(m) / sr
        f0 = pitch_hz * curve([(0, 1.0), (length_s, 0.85)], m, sr)
        pulses = np.clip(np.sin(2 * np.pi * pulse_hz * t), 0, None) ** 3
        body = resonator(tone(f0, sr, [1 / k for k in range(1, 20)]) * pulses, 700, 3, sr)
        place(out, body * envelope(m, sr, 0.02, 0.08), 0.05 + i * (length_s + 0.25), sr)
    return out


def flutter(sr, rng, duration_s, flaps=6, rate_hz=7, low_hz=250, high_hz=1800):
    """Wings flapping: soft puffs of air at a steady rate."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    for i in range(flaps):
        m = samples(0.1, sr)
        puff = bandpass(white_noise(rng, m), low_hz, high_hz, sr) * envelope(m, sr, 0.03, 0.06)
        place(out, puff, 0.02 + i / rate_hz, sr, 0.7 + 0.3 * rng.random())
    return out * envelope(n, sr, 0.05, 0.2)


def rustle(sr, rng, duration_s, density=0.5, low_hz=1800, high_hz=8000):
    """Leaves or a bush moving: airy noise that flickers in loudness."""
    n = samples(duration_s, sr)
    flicker = lowpass(np.abs(rng.standard_normal(n)), 25, sr) * (1 + density * 4 * lowpass(rng.random(n) > 0.995, 40, sr))
    return bandpass(white_noise(rng, n), low_hz, high_hz, sr) * flicker * envelope(n, sr, 0.15, 0.3)


def sneeze(sr, rng, duration_s, pitch_hz=330):
    """A little "ah-choo": a rising breathy "ah", then a short puff of "choo"."""
    n = samples(duration_s, sr)
    ah = voice(sr, rng, duration_s * 0.55, pitch=[[0, pitch_hz], [1, pitch_hz * 1.5]], vowels=[[0, "a"], [1, "e"]],
               breath=0.5, tilt=1.3, attack_s=0.15, release_s=0.05)
    m = samples(duration_s * 0.35, sr)
    choo = bandpass(white_noise(rng, m), 1500, 6000, sr) * decay(m, sr, 0.06, 0.005)
    choo += 0.5 * voice(sr, rng, duration_s * 0.35, pitch=[[0, pitch_hz * 1.3], [1, pitch_hz]], vowels=[[0, "u"]],
                        breath=0.2, tilt=1.5, attack_s=0.005, release_s=0.08)
    out = np.zeros(n)
    place(out, ah * 0.6, 0.0, sr)
    place(out, choo, duration_s * 0.6, sr)
    return out


# ---------------------------------------------------------------- magic, toys and music

MATERIALS = {
    # material: (partial ratios, decay of each partial as a share of decay_s, amplitudes)
    "glass": ([1, 2.76, 5.40, 8.93], [1, 0.5, 0.3, 0.2], [1, 0.4, 0.2, 0.1]),
    "bell": ([0.5, 1, 1.19, 1.5, 2, 2.5, 3], [1.6, 1, 0.8, 0.6, 0.5, 0.3, 0.25], [0.5, 1, 0.5, 0.35, 0.3, 0.15, 0.1]),
    "bar": ([1, 3.93, 9.6], [1, 0.35, 0.15], [1, 0.3, 0.1]),
}


def chime(sr, rng, duration_s, notes=(1568, 2093), interval_s=0.12, decay_s=0.6, material="glass",
          random_notes=0, scale=(1568, 1760, 2093, 2349, 2637, 3136)):
    """Struck chimes: each note a set of inharmonic partials fading at their own rates
    (glass for sparkles, bell for bells, bar for a glockenspiel). `random_notes` adds
    that many more notes picked from `scale` at random times (a sparkle)."""
    if material not in MATERIALS:
        raise ValueError(f"unknown material {material!r}; allowed: {', '.join(MATERIALS)}")
    ratios, decays, amps = MATERIALS[material]
    n = samples(duration_s, sr)
    out = np.zeros(n)
    hits = [(i * interval_s, f, 1.0) for i, f in enumerate(notes)]
    hits += [(rng.random() * duration_s * 0.7, float(rng.choice(scale)), 0.3 + 0.4 * rng.random()) for _ in range(random_notes)]
    for start, freq, gain in hits:
        m = samples(min(decay_s * 4, duration_s), sr)
        strike = bell_partials(freq, m, sr, ratios, [decay_s * d for d in decays], amps) * decay(m, sr, 10, 0.002)
        place(out, strike, start + 0.01, sr, gain)
    return out


def shimmer(sr, rng, duration_s, low_hz=1047, high_hz=4186, notes=9):
    """A wand's magic: a quick rising run of glassy notes over a rising airy sweep."""
    n = samples(duration_s, sr)
    run = duration_s * 0.55
    freqs = np.geomspace(low_hz, high_hz, notes)
    out = chime(sr, rng, duration_s, notes=list(freqs), interval_s=run / notes, decay_s=0.35, material="glass")
    out /= np.max(np.abs(out)) + 1e-9
    centers = curve([(0, 1500), (run, 6000), (duration_s, 7000)], n, sr, log=True)
    sweep = moving_band(white_noise(rng, n), centers, 1.0, sr)
    return out + 0.25 * sweep / (np.max(np.abs(sweep)) + 1e-9) * envelope(n, sr, run * 0.5, duration_s * 0.4)


def sleigh_bells(sr, rng, duration_s, shakes=6, rate_hz=4.0, jingles=5):
    """Sleigh bells: each shake rings a handful of tiny, high, quickly fading jingles."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    for i in range(shakes):
        for _ in range(jingles):
            f = 2500 + 2500 * rng.random()
            m = samples(0.25, sr)
            ring = bell_partials(f, m, sr, [1, 1.48, 2.21], [0.06, 0.04, 0.03], [1, 0.5, 0.3])
            place(out, ring, 0.02 + i / rate_hz + 0.04 * rng.random(), sr, 0.4 + 0.6 * rng.random())
    return out


def pop(sr, rng, duration_s, start_hz=900, end_hz=220):
    """A bubble or cork pop: a quick downward blip with a tiny click."""
    n = samples(duration_s, sr)
    f = curve([(0, start_hz), (0.05, end_hz)], n, sr, log=True)
    out = np.sin(phase_of(f, sr)) * decay(n, sr, 0.03, 0.001)
    out[: samples(0.002, sr)] += 0.5 * rng.standard_normal(samples(0.002, sr))
    return out


def boing(sr, rng, duration_s, freq_hz=160, rise=1.6, wobble_hz=13, depth=0.3):
    """A spring: a tone sliding up while its pitch wobbles, the wobble dying away."""
    n = samples(duration_s, sr)
    t = np.arange(n) / sr
    f0 = curve([(0, freq_hz), (duration_s * 0.3, freq_hz * rise), (duration_s, freq_hz * rise)], n, sr, log=True)
    f0 *= 1 + depth * np.sin(2 * np.pi * wobble_hz * t) * np.exp(-t / (duration_s * 0.4))
    return fm(f0, 1.0, 1.2 * np.exp(-t / (duration_s * 0.3)), sr) * decay(n, sr, duration_s * 0.35, 0.005)


def whistle(sr, rng, duration_s, notes_hz=(880, 1175, 1319, 1175), glide=0.3, vibrato_cents=15, breath=0.08):
    """Someone whistling (or a slide whistle with two notes and glide 1): a pure tone moving
    from note to note, `glide` the share of each note spent sliding into the next."""
    n = samples(duration_s, sr)
    t = np.arange(n) / sr
    step = duration_s / len(notes_hz)
    points = []
    for i, f in enumerate(notes_hz):
        points.append((i * step + glide * step, f))
        points.append(((i + 1) * step, f))
    points[0] = (0.0, notes_hz[0])
    f0 = curve(points, n, sr, log=True) * 2 ** (vibrato_cents / 1200 * np.sin(2 * np.pi * 5.5 * t))
    out = np.sin(phase_of(f0, sr)) + 0.05 * np.sin(2 * phase_of(f0, sr))
    out += breath * moving_band(white_noise(rng, n), f0, 0.5, sr)
    return out * envelope(n, sr, 0.04, 0.1)


def drum_roll(sr, rng, duration_s, rate_hz=18, end_hit=True):
    """A snare roll that grows louder, finishing with one firm (not loud) hit."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    roll_end = duration_s * (0.8 if end_hit else 1.0)
    hits = int(roll_end * rate_hz)
    for i in range(hits):
        m = samples(0.05, sr)
        hit = bandpass(white_noise(rng, m), 1500, 7000, sr) + 0.6 * np.sin(2 * np.pi * 190 * np.arange(m) / sr)
        place(out, hit * decay(m, sr, 0.02), i / rate_hz, sr, 0.25 + 0.6 * i / hits)
    if end_hit:
        m = samples(duration_s - roll_end, sr)
        hit = bandpass(white_noise(rng, m), 800, 6000, sr) + np.sin(2 * np.pi * 160 * np.arange(m) / sr)
        place(out, hit * decay(m, sr, 0.06), roll_end, sr, 1.0)
    return out


def robot_beeps(sr, rng, duration_s, notes_hz=(880, 1318, 988, 1568), beep_s=0.1, gap_s=0.05):
    """A friendly robot's "beep-boop": short square-ish tones, softened at the edges."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    for i, f in enumerate(notes_hz):
        m = samples(beep_s, sr)
        beep = tone(np.full(m, float(f)), sr, [1, 0, 1 / 3, 0, 1 / 5, 0, 1 / 7]) * envelope(m, sr, 0.005, 0.02)
        place(out, beep, 0.02 + i * (beep_s + gap_s), sr)
    return out


def clap(sr, rng, duration_s, claps=4, interval_s=0.3, crowd=0):
    """Hands clapping: short bright bursts of noise with a hollow ring. `crowd` adds that
    many extra claps scattered at random times (a small, happy audience)."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    times = [0.02 + i * interval_s for i in range(claps)] + list(rng.random(crowd) * (duration_s - 0.1))
    for start in times:
        m = samples(0.06, sr)
        burst = bandpass(white_noise(rng, m), 900, 3500, sr)
        burst = burst + resonator(burst, 1100 + 400 * rng.random(), 5, sr)
        place(out, burst * decay(m, sr, 0.012, 0.001), start, sr, 0.6 + 0.4 * rng.random())
    return out * envelope(n, sr, 0.01, 0.3)


def fanfare(sr, rng, duration_s, notes_hz=(523, 659, 784, 1047), note_s=0.16, last_s=0.6, brightness_hz=2500):
    """A little "ta-da-da-daa!": brass-like notes (harmonics that brighten as each note
    swells), the last one held with a gentle vibrato."""
    n = samples(duration_s, sr)
    out = np.zeros(n)
    for i, f in enumerate(notes_hz):
        last = i == len(notes_hz) - 1
        length = last_s if last else note_s
        m = samples(length, sr)
        t = np.arange(m) / sr
        f0 = np.full(m, float(f)) * (1 + (0.006 * np.sin(2 * np.pi * 5.5 * t) if last else 0))
        note = tone(f0, sr, [1, 0.7, 0.5, 0.35, 0.25, 0.15, 0.1, 0.06])
        place(out, lowpass(note, brightness_hz, sr) * envelope(m, sr, 0.02, length * 0.4), i * note_s, sr)
    return out


def soundfont(sr, rng, duration_s, program, key=60, velocity=70, hold_s=None):
    """A General MIDI effect program (seashore, bird tweet, applause...) played from the
    FluidR3 SoundFont installed by Debian's fluid-soundfont-gm (MIT licence); see
    soundfont.py. The note is held for hold_s (default: most of the duration)."""
    from taleweaver.sound.effects.soundfont import play_program

    return play_program(program, key, velocity, duration_s, hold_s or duration_s * 0.8, sr)


RECIPES = {
    fn.__name__: fn for fn in (
        water_splash, bubbles, drip, waves, whoosh, wind, rain, thunder, footsteps, crunch, knock,
        thump, hoof_clops, door_creak, voice, roar, rumble, bird_tweet, crickets, buzz, croak,
        flutter, rustle, sneeze, chime, shimmer, sleigh_bells, pop, boing, whistle,
        drum_roll, robot_beeps, clap, fanfare, soundfont,
    )
}
