"""QR cards: the QR code printed on a subject's card, and reading it back from a photo of the card.

Printing: the code holds the portal address with the access code (about 60 characters). Photos of the
card are taken at shooting distance, where a module (one black or white square) gets only a few
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
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.exceptions import DataOverflowError

from . import access_code

QUIET_ZONE = 4  # modules
# The printed code with its quiet zone, in millimetres: on the A4 cards (10 a page, 95 x 52 mm each),
# as large as the card's height allows.
PRINT_SIZE_MM = 45
ERROR_CORRECTION = ERROR_CORRECT_M  # at least; Q or H when they fit in the same symbol
# Around a code retried at full resolution: twice the size seen (a damaged code is often seen as a
# part of itself), and at least this share of the photo's long side.
MARGIN = 2
MIN_MARGIN = 0.04


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
    qr = qrcode.QRCode(version=version, error_correction=level, border=QUIET_ZONE,
                       image_factory=image_factory)
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
            found = [barcode.text for barcode in _scan(full.crop(_box(position, scale, full.size)))
                     if barcode.valid]
            texts += found
            if not found:
                still_failed.append(position)
        failed = still_failed
    return texts, len(failed)


def _scan(image):
    return zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode,
                                  try_invert=False, return_errors=True)


def _box(position, scale, size):
    """The box of a code found at ``position`` in the reduced image, in the full image (scaled by
    ``scale``), with a margin around it."""
    corners = (position.top_left, position.top_right, position.bottom_left, position.bottom_right)
    xs, ys = [point.x * scale for point in corners], [point.y * scale for point in corners]
    margin = max(MARGIN * max(max(xs) - min(xs), max(ys) - min(ys)), MIN_MARGIN * max(size))
    return (max(0, int(min(xs) - margin)), max(0, int(min(ys) - margin)),
            min(size[0], int(max(xs) + margin)), min(size[1], int(max(ys) + margin)))
