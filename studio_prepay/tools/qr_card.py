"""QR cards: the QR code printed on a subject's card, and reading it back from a photo of the card.

Printing: the code holds the portal address with the access code (about 60 characters). Photos of
the card are taken at shooting distance, where a module (one black or white square) gets only a few
pixels: the code uses the smallest symbol the address fits in with error correction M (15% of the
symbol can be lost to a finger or a reflection), Q or H when they fit in that same symbol, the
standard quiet zone of four modules, so that nothing printed next to it touches it, and the largest
size the card leaves (PRINT_SIZE_MM).

Reading: the photo's reduced image (see photo_image.reduced) is scanned first; only a code seen
there but not decoded sends the reader to the full-resolution image, around that code.
"""

import urllib.parse

import qrcode
import zxingcpp
from PIL import Image, ImageChops, ImageFilter
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.exceptions import DataOverflowError

from . import access_code

QUIET_ZONE = 4  # modules
# The printed code with its quiet zone, in millimetres: on the A4 cards (10 a page, 95 x 52 mm
# each), as large as the card's height allows.
PRINT_SIZE_MM = 45
ERROR_CORRECTION = ERROR_CORRECT_M  # at least; Q or H when they fit in the same symbol
# Around a code retried at full resolution: twice the size seen (a damaged code is often seen as a
# part of itself), and at least this share of the photo's long side.
MARGIN = 2
MIN_MARGIN = 0.04
# A card shot too small or too blurred for zxing to see its code at all: the photo is cut in cells
# (CELLS along its long side), each grey (saturation under GREY) cell being paper (flat, at least
# PAPER bright) or ink (a spread of brightness of at least INK: black and white mixed). A card is a
# compact block of ink cells (at least MIN_INK_CELLS) whose box, a cell around, is grey paper and
# ink only (BOX_GREY), with some paper (BOX_PAPER) and much ink (BOX_INK), at most twice as long as
# wide.
CELLS = 80
GREY, PAPER, FLAT, INK = 25, 175, 20, 20
MIN_INK_CELLS = 9
BOX_PAPER, BOX_INK, BOX_GREY = 0.15, 0.3, 0.7
RETRY_SCALE = 3  # the box of a card seen so is read again enlarged this much and sharpened


# ------------------------------------------------------------------ printing


def card_qr_code(text, image_factory=None):
    """The ``qrcode.QRCode`` printed on a card for ``text``: the smallest symbol that holds it with
    error correction M, with the strongest error correction that still fits in that symbol."""
    qr = _qr_code(text, image_factory, ERROR_CORRECTION)
    for level in (ERROR_CORRECT_H, ERROR_CORRECT_Q):
        try:
            return _qr_code(text, image_factory, level, version=qr.version)
        except DataOverflowError:
            continue
    return qr


def _qr_code(text, image_factory, level, version=None):
    qr = qrcode.QRCode(
        version=version, error_correction=level, border=QUIET_ZONE, image_factory=image_factory
    )
    qr.add_data(text)
    qr.make(fit=version is None)
    return qr


# ------------------------------------------------------------------ reading


def code_of(text):
    """The access code a card's QR code holds: the ``code`` of the portal address, or the text
    itself when it is a bare code; '' when it holds no access code."""
    parsed = urllib.parse.urlsplit(text.strip())
    if parsed.query:
        codes = urllib.parse.parse_qs(parsed.query).get("code")
        return access_code.normalize(codes[0]) if codes else ""
    return access_code.normalize(text)


def read_qr_codes(reduced, load_full=None):
    """(texts, unreadable) of the QR codes in a photo: the texts of the codes read, and how many
    codes were seen but could not be decoded. ``reduced`` is the photo's reduced image;
    ``load_full`` a function returning the full-resolution image (in L mode), called only when
    codes were seen but none could be decoded in the reduced image."""
    texts, failed = [], []
    for barcode in _scan(reduced):
        if barcode.valid:
            texts.append(barcode.text)
        else:
            failed.append(barcode.position)
    if failed and not texts and load_full:
        full = load_full()
        scale = full.width / reduced.width
        still_failed = []
        for position in failed:
            found = [
                barcode.text
                for barcode in _scan(full.crop(_box(position, scale, full.size)))
                if barcode.valid
            ]
            texts += found
            if not found:
                still_failed.append(position)
        failed = still_failed
    return texts, len(failed)


def card_box(reduced):
    """The box of what looks like a printed card in the photo's reduced image when zxing saw no
    code there: a compact block of black and white, without colour, on white paper; None. Cheap (a
    few reductions of the image and a walk over the cells) and conservative: portraits, whose skin,
    clothes and backdrops are coloured or flat, are not taken for cards."""
    cell = max(4, max(reduced.size) // CELLS)
    cols, rows = reduced.width // cell, reduced.height // cell
    if cols < 3 or rows < 3:
        return None
    image = reduced.crop((0, 0, cols * cell, rows * cell))
    gray = image.convert("L")
    means = gray.reduce(cell).getdata()
    squares = ImageChops.multiply(gray, gray).reduce(cell).getdata()  # means of x * x / 255
    colours = image.convert("HSV").getchannel("S").reduce(cell).getdata()
    kinds = {}
    for index, (mean, square, colour) in enumerate(zip(means, squares, colours, strict=True)):
        if colour >= GREY:
            continue
        spread = max(0, square * 255 - mean * mean) ** 0.5
        if mean >= PAPER and spread < FLAT:
            kinds[index % cols, index // cols] = "paper"
        elif spread >= INK:
            kinds[index % cols, index // cols] = "ink"
    seen = set()
    for start, kind in kinds.items():
        if kind != "ink" or start in seen:
            continue
        component, todo = [], [start]
        seen.add(start)
        while todo:
            col, row = todo.pop()
            component.append((col, row))
            for near in ((col + 1, row), (col - 1, row), (col, row + 1), (col, row - 1)):
                if kinds.get(near) == "ink" and near not in seen:
                    seen.add(near)
                    todo.append(near)
        if len(component) < MIN_INK_CELLS:
            continue
        cols_in, rows_in = [col for col, _row in component], [row for _col, row in component]
        left, right, top, bottom = (
            min(cols_in) - 1,
            max(cols_in) + 1,
            min(rows_in) - 1,
            max(rows_in) + 1,
        )
        width, height = right - left + 1, bottom - top + 1
        spots = [
            kinds.get((col, row))
            for col in range(left, right + 1)
            for row in range(top, bottom + 1)
        ]
        paper, ink = spots.count("paper") / len(spots), spots.count("ink") / len(spots)
        if (
            max(width, height) <= 2 * min(width, height)
            and paper >= BOX_PAPER
            and ink >= BOX_INK
            and paper + ink >= BOX_GREY
        ):
            return (
                max(0, left * cell),
                max(0, top * cell),
                (right + 1) * cell,
                (bottom + 1) * cell,
            )
    return None


def read_card_box(reduced, box):
    """The texts of the QR codes read in ``box`` of the reduced image, enlarged and sharpened."""
    crop = reduced.crop(box).convert("L")
    crop = crop.resize((crop.width * RETRY_SCALE, crop.height * RETRY_SCALE), Image.LANCZOS).filter(
        ImageFilter.UnsharpMask(4, 200, 0)
    )
    for binarizer in (zxingcpp.Binarizer.LocalAverage, zxingcpp.Binarizer.GlobalHistogram):
        texts = [
            barcode.text
            for barcode in zxingcpp.read_barcodes(
                crop, formats=zxingcpp.BarcodeFormat.QRCode, binarizer=binarizer, try_invert=False
            )
        ]
        if texts:
            return texts
    return []


def _scan(image):
    return zxingcpp.read_barcodes(
        image.convert("L"),
        formats=zxingcpp.BarcodeFormat.QRCode,
        try_invert=False,
        return_errors=True,
    )


def _box(position, scale, size):
    """The box of a code found at ``position`` in the reduced image, in the full image (scaled by
    ``scale``), with a margin around it."""
    corners = (position.top_left, position.top_right, position.bottom_left, position.bottom_right)
    xs, ys = [point.x * scale for point in corners], [point.y * scale for point in corners]
    margin = max(MARGIN * max(max(xs) - min(xs), max(ys) - min(ys)), MIN_MARGIN * max(size))
    return (
        max(0, int(min(xs) - margin)),
        max(0, int(min(ys) - margin)),
        min(size[0], int(max(xs) + margin)),
        min(size[1], int(max(ys) + margin)),
    )
