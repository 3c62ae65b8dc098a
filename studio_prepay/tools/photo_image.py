"""Camera photos read with bounded memory.

A 6000x4000 camera JPEG takes 72 MB and about 130 ms to decode in full. Everything the upload needs
comes from less: the size and the capture time from the header, and a reduced decode (the JPEG codec
decodes at 1/2, 1/4 or 1/8 of the size through PIL's draft mode, 4.5 MB and about 60 ms at 1/4) for
the thumbnail and for finding a QR card.
"""

import io
import math
import re
import warnings
from collections import namedtuple

from PIL import Image

from odoo.tools.image import image_fix_orientation

from . import qr_card

EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 0x9003
SUBSEC_TIME_ORIGINAL = 0x9291
EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})")
REDUCED_SIZE = 1500  # long side of the reduced image, in pixels
THUMBNAIL_SIZE = 256
THUMBNAIL_QUALITY = 90


def open_image(data):
    """The image of ``data`` with only its header read: format, size and EXIF, no pixels yet. PIL's
    warning about large images is left out: the caller checks the size (PIL still refuses images
    over twice its limit of 89 million pixels)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data))


def capture_time(image):
    """When the camera took the photo, by the camera's clock (EXIF DateTimeOriginal and its
    fraction of a second), as sortable text ``YYYY-MM-DD HH:MM:SS.ffffff``; False when unknown."""
    exif = image.getexif().get_ifd(EXIF_IFD)
    match = EXIF_DATE.match(str(exif.get(DATE_TIME_ORIGINAL) or "").strip())
    if not match:
        return False
    year, month, day, hour, minute, second = match.groups()
    fraction = "".join(char for char in str(exif.get(SUBSEC_TIME_ORIGINAL) or "") if char.isdigit())
    return f"{year}-{month}-{day} {hour}:{minute}:{second}.{fraction[:6].ljust(6, '0')}"


def reduced(image, size=REDUCED_SIZE):
    """``image`` decoded in RGB with its long side at least ``size`` pixels: a JPEG at the smallest
    scale its codec offers above that size, another format decoded whole, then reduced."""
    scale = max(image.size) / size
    if scale > 1:
        image.draft("RGB", (math.ceil(image.width / scale), math.ceil(image.height / scale)))
    image.load()
    factor = int(max(image.size) / size)
    if factor > 1:
        image = image.reduce(factor)
    return image if image.mode == "RGB" else image.convert("RGB")


def thumbnail_jpeg(image, size=THUMBNAIL_SIZE):
    """The JPEG bytes of ``image`` (a reduced image) shrunk to ``size`` pixels and turned upright
    as its EXIF orientation says. Shrinks ``image`` in place."""
    image.thumbnail((size, size), Image.LANCZOS)
    output = io.BytesIO()
    image_fix_orientation(image).save(output, "JPEG", quality=THUMBNAIL_QUALITY)
    return output.getvalue()


def grayscale(data):
    """The full-resolution grayscale image of ``data`` (a JPEG decodes its brightness only)."""
    image = open_image(data)
    image.draft("L", image.size)
    return image.convert("L")


Examined = namedtuple(
    "Examined", "taken_at thumbnail qr_texts qr_unreadable card_guessed", defaults=(False,)
)


def examine(data, read_cards=False):
    """What the upload needs of the photo ``data`` (checked already): its capture time, its
    thumbnail, and when ``read_cards`` the QR codes in it (see qr_card.read_qr_codes), or whether
    it looks like a card shot whose code cannot be seen at all (``card_guessed``, see
    qr_card.card_box). Decodes the photo once, reduced; safe to run in worker threads (PIL and zxing
    release the GIL). Raises OSError, SyntaxError or ValueError when the image data is damaged."""
    image = open_image(data)
    taken_at = capture_time(image)
    small = reduced(image)
    texts, unreadable, guessed = [], 0, False
    if read_cards:
        texts, unreadable = qr_card.read_qr_codes(small, lambda: grayscale(data))
        # a card too small or blurred for zxing to see: read again enlarged, else guessed
        if not texts and not unreadable and (box := qr_card.card_box(small)):
            texts = qr_card.read_card_box(small, box)
            guessed = not texts
    return Examined(taken_at, thumbnail_jpeg(small), texts, unreadable, guessed)
