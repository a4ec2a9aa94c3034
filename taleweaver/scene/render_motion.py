"""How each kind of object moves: the CSS keyframes inside every scene SVG.

The browser runs them (in an <img>, an <object> or the SVG opened alone); cairosvg ignores
them, so a PNG shows every object at rest. Visitors who ask their system for less motion
(`prefers-reduced-motion: reduce`) get a still picture.

Every object is wrapped in two groups (render.py):
    motion  (outside the object's placement)  moves the whole object in canvas pixels:
            drift, bob, hop, hover, stroll. A thing attached to another (a rider, a crown on a
            head, a shell in a hand) gets its anchor's motion with the same delay, so the two
            move as one.
    pose    (inside the placement)  changes the drawing about its own box: tail flick,
            wing flap, sway about the base, twinkle, spin, waddle, flicker.

    kind      motion   pose       what it looks like
    swim      swim     flick      a fish drifts to and fro and flicks its tail (skew + squash)
    flap      hover    flap       a bird hovers up and down and flaps (scaleY pulse)
    hop       hop      -          a bunny hops (translateY jumps, pausing on the ground)
    sway      -        sway       a tree sways, rotating about its base
    bob       bob      -          a character bobs gently (translateY)
    twinkle   -        twinkle    a star twinkles (opacity and size)
    drift     drift    -          clouds, leaves, bubbles drift slowly
    spin      -        spin       a sun, a planet, a wheel turn slowly
    walk      stroll   waddle     an animal strolls a little and waddles
    flicker   -        flicker    a flame flickers
    none      -        -          still
Characters whose kind is `none` bob, so every character is alive.
"""

from __future__ import annotations

from dataclasses import dataclass

# (motion class, pose class) for each animation kind of the object index.
KINDS: dict[str, tuple[str | None, str | None]] = {
    "swim": ("swim", "flick"),
    "flap": ("hover", "flap"),
    "hop": ("hop", None),
    "sway": (None, "sway"),
    "bob": ("bob", None),
    "twinkle": (None, "twinkle"),
    "drift": ("drift", None),
    "spin": (None, "spin"),
    "walk": ("stroll", "waddle"),
    "flicker": (None, "flicker"),
    "none": (None, None),
}

# Seconds per cycle: a delay is drawn inside the period so copies never move in step.
PERIODS = {"swim": 6.0, "hover": 2.4, "hop": 1.8, "bob": 2.6, "drift": 10.0, "stroll": 7.0,
           "flick": 0.7, "flap": 0.36, "sway": 4.2, "twinkle": 1.7, "spin": 24.0, "waddle": 0.8,
           "flicker": 0.45}


@dataclass(frozen=True)
class Motion:
    motion: str | None
    pose: str | None


def motion_for(kind: str, role: str) -> Motion:
    """The two classes for an object of this animation kind and role."""
    if kind not in KINDS:
        raise ValueError(f"unknown animation kind {kind!r}; allowed: {', '.join(KINDS)}")
    motion, pose = KINDS[kind]
    if motion is None and pose is None and role in ("hero", "character"):
        motion = "bob"
    return Motion(motion, pose)


# Translations are in canvas pixels (motion groups sit outside the placement); poses are
# about the drawing's own box (`transform-box: fill-box`), in its 72-unit coordinates.
STYLE = """
.tw-m, .tw-p { animation-timing-function: ease-in-out; animation-iteration-count: infinite; animation-direction: alternate; }
.tw-p { transform-box: fill-box; transform-origin: 50% 50%; }
.tw-m-swim { animation-name: tw-swim; animation-duration: 6s; }
.tw-m-hover { animation-name: tw-hover; animation-duration: 2.4s; }
.tw-m-hop { animation-name: tw-hop; animation-duration: 1.8s; animation-direction: normal; }
.tw-m-bob { animation-name: tw-bob; animation-duration: 2.6s; }
.tw-m-drift { animation-name: tw-drift; animation-duration: 10s; }
.tw-m-stroll { animation-name: tw-stroll; animation-duration: 7s; }
.tw-p-flick { animation-name: tw-flick; animation-duration: 0.7s; }
.tw-p-flap { animation-name: tw-flap; animation-duration: 0.36s; }
.tw-p-sway { animation-name: tw-sway; animation-duration: 4.2s; transform-origin: 50% 100%; }
.tw-p-twinkle { animation-name: tw-twinkle; animation-duration: 1.7s; }
.tw-p-spin { animation-name: tw-spin; animation-duration: 24s; animation-timing-function: linear; animation-direction: normal; }
.tw-p-waddle { animation-name: tw-waddle; animation-duration: 0.8s; transform-origin: 50% 100%; }
.tw-p-flicker { animation-name: tw-flicker; animation-duration: 0.45s; transform-origin: 50% 100%; }
@keyframes tw-swim { from { transform: translateX(-14px); } to { transform: translateX(14px); } }
@keyframes tw-hover { from { transform: translateY(-5px); } to { transform: translateY(5px); } }
@keyframes tw-hop { 0%, 55%, 100% { transform: translateY(0); } 25% { transform: translateY(-16px); } }
@keyframes tw-bob { from { transform: translateY(0); } to { transform: translateY(-6px); } }
@keyframes tw-drift { from { transform: translate(-18px, 2px); } to { transform: translate(18px, -4px); } }
@keyframes tw-stroll { from { transform: translateX(-8px); } to { transform: translateX(8px); } }
@keyframes tw-flick { from { transform: skewY(-4deg) scaleX(1); } to { transform: skewY(4deg) scaleX(0.94); } }
@keyframes tw-flap { from { transform: scaleY(1); } to { transform: scaleY(0.8); } }
@keyframes tw-sway { from { transform: rotate(-2.5deg); } to { transform: rotate(2.5deg); } }
@keyframes tw-twinkle { from { opacity: 1; transform: scale(1); } to { opacity: 0.35; transform: scale(0.82); } }
@keyframes tw-spin { from { transform: rotate(0deg); } to { transform: rotate(360deg); } }
@keyframes tw-waddle { from { transform: rotate(-3deg); } to { transform: rotate(3deg); } }
@keyframes tw-flicker { from { transform: scale(1, 1); opacity: 1; } to { transform: scale(0.94, 1.07); opacity: 0.85; } }
@media (prefers-reduced-motion: reduce) { .tw-m, .tw-p { animation: none !important; } }
"""
