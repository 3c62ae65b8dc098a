"""Proofs: what customers see of a photo before they buy it.

A proof is the photo downscaled (never more than ``PROOF_SIZE`` pixels on its longest side) with a
semi-transparent mark tiled diagonally across it, saved as a modest JPEG. It is good enough to
choose a pose and useless as a print. The mark is "©" and the studio's name: no word of any
language, since a proof is made once and shown to every customer, whatever their language.
"""

import io
import math

from PIL import Image, ImageDraw, ImageFont

from odoo.tools.image import image_fix_orientation
from odoo.tools.misc import file_path

from . import photo_image

PROOF_SIZE = 800
GRID_SIZE = 400  # the proof in the gallery grid, the pose choice and the cart
QUALITY = 70
OPACITY = 90  # of 255
ANGLE = 30
# a font that ships with Odoo, so proofs look the same on every server
FONT_PATH = "web/static/fonts/sign/NotoSans-Reg.ttf"


def _text_layer(size, text):
    """A transparent layer of ``size`` covered with rows of ``text``, turned by ``ANGLE``
    degrees."""
    width, height = size
    font = ImageFont.truetype(file_path(FONT_PATH), max(12, min(width, height) // 8))
    diagonal = int(math.hypot(width, height))
    layer = Image.new("RGBA", (diagonal, diagonal), (255, 255, 255, 0))
    draw = ImageDraw.Draw(layer)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    # rows close enough that a long studio name in thin letters covers as much as a short word in
    # capitals
    step_x, step_y = (right - left) * 5 // 4, (bottom - top) * 2
    for row, y in enumerate(range(0, diagonal, step_y)):
        for x in range(-step_x + (row % 2) * step_x // 2, diagonal, step_x):
            draw.text(
                (x, y),
                text,
                font=font,
                fill=(255, 255, 255, OPACITY),
                stroke_width=1,
                stroke_fill=(0, 0, 0, OPACITY // 2),
            )
    layer = layer.rotate(ANGLE, resample=Image.BICUBIC)
    offset_x, offset_y = (diagonal - width) // 2, (diagonal - height) // 2
    return layer.crop((offset_x, offset_y, offset_x + width, offset_y + height))


def proof_text(owner=None):
    """The language-neutral mark of a proof: "© Studio Name", or "©" alone without a name."""
    return f"© {owner}" if owner else "©"


def proof_jpeg(image_data, text="©", max_size=PROOF_SIZE):
    """The JPEG bytes of the proof of ``image_data`` (the bytes of any image PIL reads), made from a
    reduced decode of it."""
    image = image_fix_orientation(photo_image.reduced(photo_image.open_image(image_data), max_size))
    image = image.convert("RGBA")
    image.thumbnail((max_size, max_size), Image.LANCZOS)
    proof = Image.alpha_composite(image, _text_layer(image.size, text)).convert("RGB")
    output = io.BytesIO()
    proof.save(output, "JPEG", quality=QUALITY, optimize=True)
    return output.getvalue()


def smaller_jpeg(jpeg_data, max_size=GRID_SIZE):
    """The JPEG bytes of a proof downscaled for a grid of thumbnails (its watermark shrinks with
    it)."""
    image = Image.open(io.BytesIO(jpeg_data))
    image.thumbnail((max_size, max_size), Image.LANCZOS)
    output = io.BytesIO()
    image.save(output, "JPEG", quality=QUALITY, optimize=True)
    return output.getvalue()
