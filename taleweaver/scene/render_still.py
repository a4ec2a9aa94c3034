"""Still pictures: a PNG per scene (animations at rest) and a contact sheet for review.

    write_png(svg, path, width=1280) -> Path
    write_contact_sheet(png_paths, path, thumb_width=320) -> Path

Reads:  a scene's SVG (render.py); the scene PNGs. Writes: PNG files.
cairosvg ignores CSS animations, so the still shows every object where the layout put it.
The contact sheet puts the scenes side by side as small thumbnails, each with its number in a
round badge, so a person can check a whole story at a glance.
"""

from __future__ import annotations

from pathlib import Path

WIDTH, HEIGHT = 1280, 800
SHEET_GAP = 12
SHEET_BACKGROUND = (250, 248, 242)
BADGE_FILL = (40, 40, 60)


def write_png(svg: str, path: str | Path, width: int = WIDTH) -> Path:
    """Rasterize the SVG with cairosvg at `width` pixels (height keeps 16:10)."""
    import cairosvg

    if not 64 <= width <= 4096:
        raise ValueError(f"width must be 64 to 4096 pixels, not {width}")
    path = Path(path)
    cairosvg.svg2png(bytestring=svg.encode("utf-8"), write_to=str(path), output_width=width,
                     output_height=round(width * HEIGHT / WIDTH))
    return path


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow before 10.1 has only the small bitmap font
        return ImageFont.load_default()


def write_contact_sheet(png_paths: list[str | Path], path: str | Path, thumb_width: int = 320) -> Path:
    """One row of thumbnails with scene numbers, for review."""
    from PIL import Image, ImageDraw

    if not png_paths:
        raise ValueError("a contact sheet needs at least one scene picture")
    thumb_height = round(thumb_width * HEIGHT / WIDTH)
    sheet = Image.new("RGB", (SHEET_GAP + len(png_paths) * (thumb_width + SHEET_GAP), thumb_height + 2 * SHEET_GAP),
                      SHEET_BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = _font(max(12, thumb_width // 14))
    radius = max(10, thumb_width // 18)
    for n, png in enumerate(png_paths, start=1):
        with Image.open(png) as picture:
            thumb = picture.convert("RGB").resize((thumb_width, thumb_height), Image.LANCZOS)
        left = SHEET_GAP + (n - 1) * (thumb_width + SHEET_GAP)
        sheet.paste(thumb, (left, SHEET_GAP))
        cx, cy = left + radius + 6, SHEET_GAP + radius + 6
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=BADGE_FILL, outline=(255, 255, 255), width=2)
        draw.text((cx, cy), str(n), fill=(255, 255, 255), font=font, anchor="mm")
    path = Path(path)
    sheet.save(path)
    return path
