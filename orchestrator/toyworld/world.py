"""The toy world: scenes the embedded text-to-image model knows, how to draw them and how to describe them.

A scene is one kind of object (one to three of it, optionally at a position) or two kinds of object in a
relation ("a red house below a yellow sun"), on one of a few backgrounds. Everything here is deterministic
given a ``random.Random``; the renderer draws at 2x and downsamples so edges are anti-aliased.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFilter

SIZE = 64
_S = 2  # supersampling factor

SHAPES: tuple[str, ...] = (
    "circle", "square", "triangle", "star", "heart", "house", "tree",
    "sun", "moon", "cloud", "boat", "fish", "flower",
)
PLURALS = {s: s + "s" for s in SHAPES} | {"fish": "fish"}
SHAPE_SYNONYMS = {
    "circle": ("circle", "disc", "ball", "dot"),
    "square": ("square", "box", "block"),
    "triangle": ("triangle",),
    "star": ("star",),
    "heart": ("heart",),
    "house": ("house", "cottage", "hut"),
    "tree": ("tree",),
    "sun": ("sun",),
    "moon": ("moon", "crescent moon"),
    "cloud": ("cloud",),
    "boat": ("boat", "sailboat"),
    "fish": ("fish",),
    "flower": ("flower", "blossom"),
}

COLORS: dict[str, tuple[int, int, int]] = {
    "red": (220, 30, 35),
    "orange": (245, 135, 20),
    "yellow": (250, 220, 30),
    "green": (40, 170, 50),
    "blue": (30, 80, 230),
    "purple": (135, 45, 190),
    "pink": (250, 130, 190),
    "white": (248, 248, 248),
    "black": (15, 15, 15),
    "brown": (120, 70, 30),
}
COLOR_SYNONYMS = {
    "red": ("red", "crimson", "scarlet"),
    "orange": ("orange",),
    "yellow": ("yellow", "golden"),
    "green": ("green",),
    "blue": ("blue", "cobalt"),
    "purple": ("purple", "violet"),
    "pink": ("pink",),
    "white": ("white",),
    "black": ("black",),
    "brown": ("brown",),
}

BACKGROUNDS: tuple[str, ...] = ("sky", "night", "grass", "water", "white", "gray")
BACKGROUND_PHRASES = {
    "sky": ("in a blue sky", "against a clear blue sky", "under a bright daytime sky", "in the sky"),
    "night": ("on a black night sky", "at night", "under a starry night sky", "in the dark night"),
    "grass": ("on green grass", "in a grassy field", "on a meadow", "on a lawn"),
    "water": ("on the water", "over the sea", "on a blue lake", "on the ocean"),
    "white": ("on a white background", "on plain white", "on a blank white backdrop"),
    "gray": ("on a gray background", "on a grey backdrop", "on plain gray"),
}
# colours that would vanish on a background
CLASH = {
    "sky": {"blue", "white"}, "night": {"black"}, "grass": {"green"}, "water": {"blue"},
    "white": {"white"}, "gray": set(),
}

POSITIONS: tuple[str, ...] = ("left", "right", "top", "bottom", "center")
POSITION_PHRASES = {
    "left": ("on the left", "on the left side", "at the left"),
    "right": ("on the right", "on the right side", "at the right"),
    "top": ("at the top", "near the top", "at the top of the picture"),
    "bottom": ("at the bottom", "near the bottom", "at the bottom of the picture"),
    "center": ("in the center", "in the middle", "centered"),
}
_POS_XY = {"left": (0.25, 0.5), "right": (0.75, 0.5), "top": (0.5, 0.25), "bottom": (0.5, 0.75), "center": (0.5, 0.5)}

RELATIONS: tuple[str, ...] = ("left of", "right of", "above", "below", "next to")
RELATION_PHRASES = {
    "left of": ("to the left of", "left of", "on the left of"),
    "right of": ("to the right of", "right of", "on the right of"),
    "above": ("above", "over", "high above"),
    "below": ("below", "under", "beneath"),
    "next to": ("next to", "beside", "alongside"),
}
COUNT_WORDS = {1: ("a", "one", "a single"), 2: ("two", "a pair of", "2"), 3: ("three", "3")}

_PREFIXES = (
    "A digital illustration of", "A photo of", "An oil painting of", "A 3D render of",
    "A watercolor painting showing", "A minimalist vector drawing of", "A children's book illustration of",
    "A flat graphic of", "A simple cartoon of", "A close-up picture of", "A wide shot of", "An image of",
    "A storybook scene with", "A pixel art picture of", "A crayon drawing of", "A clean poster design of",
)
_DECOR = (
    "soft morning light", "centered composition", "highly detailed", "cinematic lighting", "gentle shadows",
    "calm and peaceful atmosphere", "crisp clean edges", "simple shapes", "smooth gradients",
    "whimsical mood", "rendered with care", "sharp focus", "balanced layout", "bold outlines",
    "a quiet and tidy scene", "playful style", "studio lighting", "subtle texture", "professional quality",
    "depth of field", "clear and readable", "minimal clutter", "friendly and cheerful tone", "hand drawn feel",
    "wide angle view", "natural light", "even exposure", "high resolution", "flat design", "evocative",
)
_SENTENCES = (
    "The scene is calm and simple.", "Everything is drawn with clean lines.", "Light falls evenly across the frame.",
    "The composition feels balanced and uncluttered.", "It looks like a page from a picture book.",
    "The mood is quiet and friendly.", "Nothing else distracts from the subject.", "Edges are crisp and shapes are bold.",
    "The style is playful but precise.", "It is rendered at a high level of detail.",
)


@dataclass(frozen=True)
class ToyObject:
    shape: str
    color: str


@dataclass
class Scene:
    """A toy-world scene: what the caption asserts and what the renderer draws."""

    objects: list[ToyObject]  # one kind (with count) or two kinds (with relation)
    background: str
    count: int = 1
    position: str | None = None  # single-kind scenes only
    relation: str | None = None  # two-kind scenes only: objects[0] <relation> objects[1]
    mentions_background: bool = True
    placed: list[tuple[str, str, float, float, float]] = field(default_factory=list)  # shape, color, cx, cy, r

    def key(self) -> str:
        """The combination of attributes that defines novelty (used for the held-out split)."""
        if self.relation:
            a, b = self.objects
            return f"{a.color} {a.shape}|{self.relation}|{b.color} {b.shape}"
        o = self.objects[0]
        return f"{o.color} {o.shape}|{self.position or '-'}"


def is_held_out(scene: Scene) -> bool:
    """About one combination in eight never appears in training; the benchmark draws from these."""
    h = 0
    for ch in scene.key():
        h = (h * 131 + ord(ch)) % 1_000_003
    return h % 8 == 0


# ---------------------------------------------------------------- sampling

def _color_for(rng: random.Random, background: str, exclude: set[str] = frozenset()) -> str:
    choices = [c for c in COLORS if c not in CLASH[background] and c not in exclude]
    return rng.choice(choices)


def sample_scene(rng: random.Random, split: str = "train", two_prob: float = 0.45) -> Scene:
    """Draw a random scene. ``split`` is ``train`` (never a held-out combination), ``heldout`` or ``any``."""
    for _ in range(200):
        bg = rng.choice(BACKGROUNDS)
        if rng.random() < two_prob:
            a, b = rng.sample(SHAPES, 2)
            ca = _color_for(rng, bg)
            cb = _color_for(rng, bg)
            scene = Scene([ToyObject(a, ca), ToyObject(b, cb)], bg, relation=rng.choice(RELATIONS))
        else:
            shape = rng.choice(SHAPES)
            count = rng.choices((1, 2, 3), weights=(0.6, 0.2, 0.2))[0]
            position = rng.choice((*POSITIONS, None)) if count == 1 else None
            scene = Scene([ToyObject(shape, _color_for(rng, bg))], bg, count=count, position=position)
        scene.mentions_background = rng.random() < 0.85
        held = is_held_out(scene)
        if split == "any" or (split == "train" and not held) or (split == "heldout" and held):
            layout(scene, rng)
            return scene
    raise RuntimeError("could not sample a scene for split " + split)


def layout(scene: Scene, rng: random.Random) -> None:
    """Decide where each object goes (normalised centre and radius)."""
    j = lambda s: rng.uniform(-s, s)  # noqa: E731
    placed: list[tuple[str, str, float, float, float]] = []
    if scene.relation:
        a, b = scene.objects
        r = rng.uniform(0.14, 0.18)
        rel = scene.relation
        if rel == "next to":
            rel = rng.choice(("left of", "right of"))
        if rel in ("left of", "right of"):
            y = 0.5 + j(0.12)
            xa, xb = (0.27, 0.73) if rel == "left of" else (0.73, 0.27)
            pa, pb = (xa + j(0.04), y + j(0.04)), (xb + j(0.04), y + j(0.04))
        else:
            x = 0.5 + j(0.12)
            ya, yb = (0.27, 0.73) if rel == "above" else (0.73, 0.27)
            pa, pb = (x + j(0.04), ya + j(0.04)), (x + j(0.04), yb + j(0.04))
        placed = [(a.shape, a.color, *pa, r), (b.shape, b.color, *pb, r)]
    else:
        o = scene.objects[0]
        if scene.count == 1:
            r = rng.uniform(0.17, 0.22) if scene.position != "center" else rng.uniform(0.2, 0.26)
            cx, cy = _POS_XY[scene.position] if scene.position else (0.5 + j(0.15), 0.5 + j(0.15))
            if scene.position in ("left", "right"):
                cy += j(0.12)
            elif scene.position in ("top", "bottom"):
                cx += j(0.12)
            placed = [(o.shape, o.color, cx + j(0.03), cy + j(0.03), r)]
        else:
            r = rng.uniform(0.11, 0.14)
            n = scene.count
            if rng.random() < 0.6:  # a row
                y = 0.5 + j(0.2)
                xs = [0.5] if n == 1 else [0.2 + i * 0.6 / (n - 1) for i in range(n)]
                placed = [(o.shape, o.color, x + j(0.03), y + j(0.05), r) for x in xs]
            else:  # scattered without overlap
                pts: list[tuple[float, float]] = []
                while len(pts) < n:
                    p = (rng.uniform(0.18, 0.82), rng.uniform(0.18, 0.82))
                    if all(math.dist(p, q) > 2.3 * r for q in pts):
                        pts.append(p)
                placed = [(o.shape, o.color, x, y, r) for x, y in pts]
    scene.placed = placed


# ---------------------------------------------------------------- captions

def _noun(rng: random.Random, shape: str, count: int) -> str:
    word = rng.choice(SHAPE_SYNONYMS[shape])
    if count > 1:
        if word == "fish":
            return "fish"
        return word + ("es" if word.endswith(("x", "sh")) else "s")
    return word


def _phrase(rng: random.Random, obj: ToyObject, count: int = 1) -> str:
    cw = rng.choice(COUNT_WORDS[count])
    col = rng.choice(COLOR_SYNONYMS[obj.color])
    noun = _noun(rng, obj.shape, count)
    if cw == "a" and col[0] in "aeiou":
        cw = "an"
    return f"{cw} {col} {noun}"


def short_caption(scene: Scene, rng: random.Random) -> str:
    """A plain caption: the facts and nothing else."""
    if scene.relation:
        a, b = scene.objects
        core = f"{_phrase(rng, a)} {rng.choice(RELATION_PHRASES[scene.relation])} {_phrase(rng, b)}"
    else:
        core = _phrase(rng, scene.objects[0], scene.count)
        if scene.position:
            core += " " + rng.choice(POSITION_PHRASES[scene.position])
    if scene.mentions_background:
        core += " " + rng.choice(BACKGROUND_PHRASES[scene.background])
    return core


def long_caption(scene: Scene, rng: random.Random) -> str:
    """A caption like the rewriter writes: a medium, the facts, then setting, light and style words."""
    core = short_caption(scene, rng)
    parts = [f"{rng.choice(_PREFIXES)} {core}"]
    decor = rng.sample(_DECOR, rng.randint(2, 7))
    parts.append(", ".join(decor))
    text = ", ".join(parts) + "."
    for s in rng.sample(_SENTENCES, rng.randint(0, 3)):
        text += " " + s
    return text


def caption(scene: Scene, rng: random.Random) -> str:
    c = long_caption(scene, rng) if rng.random() < 0.5 else short_caption(scene, rng)
    return c[0].upper() + c[1:] if rng.random() < 0.5 else c


# ---------------------------------------------------------------- parsing a caption back into a scene

_WORD_TO_COLOR = {w: c for c, ws in COLOR_SYNONYMS.items() for w in ws}
_WORD_TO_SHAPE = {}
for _s, _ws in SHAPE_SYNONYMS.items():
    for _w in _ws:
        _WORD_TO_SHAPE[_w.split()[-1]] = _s
        _WORD_TO_SHAPE[_w.split()[-1] + "s"] = _s
        _WORD_TO_SHAPE[_w.split()[-1] + "es"] = _s
_WORD_TO_COUNT = {"a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "pair": 2, "2": 2, "three": 3, "3": 3}


def parse_caption(text: str) -> Scene | None:
    """Read the toy-world facts out of any caption (used by the reranker); ``None`` if it names no toy object."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    objs: list[tuple[int, str, str | None, int]] = []  # index, shape, colour, count
    for i, w in enumerate(words):
        if w in _WORD_TO_SHAPE:
            shape = _WORD_TO_SHAPE[w]
            if shape == "moon" and i > 0 and words[i - 1] == "crescent":
                pass
            color = None
            count = 1
            for k in range(i - 1, max(-1, i - 4), -1):
                if words[k] in _WORD_TO_COLOR and color is None:
                    color = _WORD_TO_COLOR[words[k]]
                elif words[k] in _WORD_TO_COUNT:
                    count = _WORD_TO_COUNT[words[k]]
                    break
            if not any(o[1] == shape for o in objs):
                objs.append((i, shape, color, count))
    if not objs:
        return None
    joined = " ".join(words)
    background = "white"
    mentions = False
    for bg, phrases in BACKGROUND_PHRASES.items():
        if any(p.replace("-", " ") in joined for p in phrases):
            background, mentions = bg, True
            break
    if not mentions:
        for bg, kw in (("night", "night"), ("grass", "grass"), ("water", "sea"), ("water", "lake"),
                       ("water", "water"), ("sky", "sky"), ("gray", "gray"), ("gray", "grey")):
            if kw in words:
                background, mentions = bg, True
                break
    if len(objs) >= 2:
        (ia, sa, ca, _), (ib, sb, cb, _) = objs[:2]
        between = " ".join(words[ia + 1: ib])
        relation = "next to"
        for rel, phrases in RELATION_PHRASES.items():
            if any(p in between for p in phrases):
                relation = rel
        sc = Scene([ToyObject(sa, ca or "?"), ToyObject(sb, cb or "?")], background, relation=relation)
    else:
        _, s, c, n = objs[0]
        position = None
        core = " ".join(re.findall(r"[a-z0-9']+", re.split(r"[,.;]", text.lower(), maxsplit=1)[0]))
        for pos, phrases in POSITION_PHRASES.items():
            if any(re.search(rf"\b{p}\b", core) for p in phrases):
                position = pos
        sc = Scene([ToyObject(s, c or "?")], background, count=n, position=position if n == 1 else None)
    sc.mentions_background = mentions
    return sc


# ---------------------------------------------------------------- rendering

def _bg_image(rng: random.Random, bg: str) -> Image.Image:
    n = SIZE * _S
    img = Image.new("RGB", (n, n))
    d = ImageDraw.Draw(img)
    if bg == "sky":
        for y in range(n):
            t = y / n
            d.line([(0, y), (n, y)], fill=(int(110 + 60 * t), int(170 + 40 * t), 245))
    elif bg == "night":
        d.rectangle([0, 0, n, n], fill=(12, 16, 48))
        for _ in range(rng.randint(10, 22)):
            x, y = rng.randrange(n), rng.randrange(n)
            d.rectangle([x, y, x + 1, y + 1], fill=(230, 230, 200))
    elif bg == "grass":
        horizon = int(n * rng.uniform(0.3, 0.45))
        d.rectangle([0, 0, n, horizon], fill=(160, 205, 240))
        d.rectangle([0, horizon, n, n], fill=(70, 150, 60))
        for _ in range(40):
            x, y = rng.randrange(n), rng.randrange(horizon, n)
            d.line([(x, y), (x + rng.randint(-2, 2), y - 4)], fill=(55, 125, 45), width=1)
    elif bg == "water":
        d.rectangle([0, 0, n, n], fill=(40, 110, 170))
        for y in range(6, n, 12):
            off = rng.randrange(12)
            for x in range(-12 + off, n, 24):
                d.arc([x, y, x + 12, y + 6], 200, 340, fill=(120, 180, 220), width=2)
    elif bg == "white":
        d.rectangle([0, 0, n, n], fill=(245, 245, 242))
    elif bg == "gray":
        d.rectangle([0, 0, n, n], fill=(128, 128, 128))
    return img


def _shade(rgb: tuple[int, int, int], f: float) -> tuple[int, int, int]:
    if f < 1:
        return tuple(int(c * f) for c in rgb)  # type: ignore[return-value]
    return tuple(int(c + (255 - c) * (f - 1)) for c in rgb)  # type: ignore[return-value]


def _draw_object(img: Image.Image, shape: str, rgb: tuple[int, int, int], cx: float, cy: float, r: float,
                 rng: random.Random) -> None:
    n = SIZE * _S
    X, Y, R = cx * n, cy * n, r * n
    d = ImageDraw.Draw(img)
    edge = _shade(rgb, 0.6) if sum(rgb) > 150 else (90, 90, 90)
    box = [X - R, Y - R, X + R, Y + R]
    if shape == "circle":
        d.ellipse(box, fill=rgb, outline=edge, width=2)
    elif shape == "square":
        k = R * 0.85
        d.rectangle([X - k, Y - k, X + k, Y + k], fill=rgb, outline=edge, width=2)
    elif shape == "triangle":
        d.polygon([(X, Y - R), (X + R, Y + R * 0.8), (X - R, Y + R * 0.8)], fill=rgb, outline=edge)
    elif shape == "star":
        pts = []
        for i in range(10):
            a = -math.pi / 2 + i * math.pi / 5
            rr = R if i % 2 == 0 else R * 0.45
            pts.append((X + rr * math.cos(a), Y + rr * math.sin(a)))
        d.polygon(pts, fill=rgb, outline=edge)
    elif shape == "heart":
        k = R * 0.52
        d.ellipse([X - 2 * k, Y - R * 0.75, X, Y - R * 0.75 + 2 * k], fill=rgb)
        d.ellipse([X, Y - R * 0.75, X + 2 * k, Y - R * 0.75 + 2 * k], fill=rgb)
        d.polygon([(X - 1.95 * k, Y - R * 0.2), (X + 1.95 * k, Y - R * 0.2), (X, Y + R)], fill=rgb)
    elif shape == "house":
        d.rectangle([X - R * 0.8, Y - R * 0.1, X + R * 0.8, Y + R], fill=rgb, outline=edge, width=2)
        d.polygon([(X - R, Y - R * 0.1), (X + R, Y - R * 0.1), (X, Y - R)], fill=_shade(rgb, 0.7))
        d.rectangle([X - R * 0.18, Y + R * 0.4, X + R * 0.18, Y + R], fill=(70, 40, 20))
    elif shape == "tree":
        d.rectangle([X - R * 0.16, Y + R * 0.1, X + R * 0.16, Y + R], fill=(100, 60, 25))
        d.ellipse([X - R * 0.8, Y - R, X + R * 0.8, Y + R * 0.35], fill=rgb, outline=edge, width=2)
    elif shape == "sun":
        for i in range(8):
            a = i * math.pi / 4
            d.line([(X + R * 0.6 * math.cos(a), Y + R * 0.6 * math.sin(a)),
                    (X + R * math.cos(a), Y + R * math.sin(a))], fill=rgb, width=max(2, int(R / 6)))
        k = R * 0.55
        d.ellipse([X - k, Y - k, X + k, Y + k], fill=rgb)
    elif shape == "moon":
        mask = Image.new("L", img.size, 0)
        md = ImageDraw.Draw(mask)
        md.ellipse(box, fill=255)
        md.ellipse([X - R * 0.45, Y - R * 1.05, X + R * 1.3, Y + R * 0.75], fill=0)
        img.paste(Image.new("RGB", img.size, rgb), (0, 0), mask)
    elif shape == "cloud":
        for dx, dy, k in ((-0.5, 0.15, 0.45), (0.0, -0.15, 0.55), (0.5, 0.15, 0.45), (0.0, 0.25, 0.45)):
            d.ellipse([X + dx * R - k * R, Y + dy * R - k * R, X + dx * R + k * R, Y + dy * R + k * R], fill=rgb)
    elif shape == "boat":
        d.polygon([(X - R, Y + R * 0.3), (X + R, Y + R * 0.3), (X + R * 0.65, Y + R * 0.8),
                   (X - R * 0.65, Y + R * 0.8)], fill=rgb, outline=edge)
        d.line([(X, Y + R * 0.3), (X, Y - R)], fill=(80, 60, 40), width=2)
        d.polygon([(X + 2, Y - R * 0.9), (X + 2, Y + R * 0.2), (X + R * 0.75, Y + R * 0.2)], fill=_shade(rgb, 1.35))
    elif shape == "fish":
        d.polygon([(X + R * 0.35, Y), (X + R, Y - R * 0.5), (X + R, Y + R * 0.5)], fill=_shade(rgb, 0.8))
        d.ellipse([X - R, Y - R * 0.5, X + R * 0.5, Y + R * 0.5], fill=rgb, outline=edge, width=2)
        k = max(2, R * 0.12)
        d.ellipse([X - R * 0.6 - k, Y - R * 0.15 - k, X - R * 0.6 + k, Y - R * 0.15 + k], fill=(10, 10, 10))
    elif shape == "flower":
        d.line([(X, Y + R * 0.2), (X, Y + R)], fill=(40, 130, 40), width=max(2, int(R / 7)))
        for i in range(5):
            a = -math.pi / 2 + i * 2 * math.pi / 5
            px, py = X + R * 0.45 * math.cos(a), Y - R * 0.2 + R * 0.45 * math.sin(a)
            k = R * 0.32
            d.ellipse([px - k, py - k, px + k, py + k], fill=rgb, outline=edge)
        k = R * 0.2
        center = (250, 200, 30) if rgb != COLORS["yellow"] else (200, 100, 20)
        d.ellipse([X - k, Y - R * 0.2 - k, X + k, Y - R * 0.2 + k], fill=center)
    else:  # pragma: no cover - guarded by SHAPES
        raise ValueError(shape)


def render(scene: Scene, rng: random.Random) -> Image.Image:
    """Draw the scene at 64x64 (RGB)."""
    img = _bg_image(rng, scene.background)
    for shape, color, cx, cy, r in scene.placed:
        rgb = tuple(max(0, min(255, c + rng.randint(-12, 12))) for c in COLORS[color])
        _draw_object(img, shape, rgb, cx, cy, r, rng)  # type: ignore[arg-type]
    img = img.filter(ImageFilter.SMOOTH) if rng.random() < 0.1 else img
    return img.resize((SIZE, SIZE), Image.Resampling.BOX)
