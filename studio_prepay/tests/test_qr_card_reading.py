import io
import random
from unittest.mock import patch

from PIL import Image, ImageDraw, ImageFilter
from qrcode.image.pil import PilImage

from odoo.tests import BaseCase
from odoo.tools import file_open

from ..tools import photo_image, qr_card

URL = "https://photos.example-studio.com/studio/code?code=K7QXM-4PBZ9"
CAMERA = (6000, 4000)


class TestQrCardReading(BaseCase):
    """Reading the printed QR card back from a 6000x4000 camera photo: in the photo reduced by the
    JPEG codec, and at full resolution only when a code was seen there but not read."""

    @staticmethod
    def _photo(card=None, angle=8):
        """A 6000x4000 JPEG (the same grain every time) with ``card`` (an image) held turned."""
        grain = Image.frombytes("L", (1500, 1000), random.Random(14).randbytes(1500 * 1000)).resize(
            CAMERA
        )
        photo = Image.merge("RGB", (grain, grain, grain))
        if card:
            photo.paste(
                card.rotate(angle, expand=True, fillcolor=(70, 60, 50), resample=Image.BICUBIC),
                (2600, 1400),
            )
        buffer = io.BytesIO()
        photo.save(buffer, "JPEG", quality=90)
        return buffer.getvalue()

    @staticmethod
    def _card(code_px, blur=0):
        """A card with its code as printed, ``code_px`` wide with its quiet zone."""
        code = (
            qr_card.card_qr_code(URL, PilImage)
            .make_image()
            .convert("RGB")
            .resize((code_px, code_px))
        )
        card = Image.new("RGB", (code_px * 9 // 5, code_px * 6 // 5), "white")
        card.paste(code, (card.width - code_px, 0))
        return card.filter(ImageFilter.GaussianBlur(blur)) if blur else card

    @staticmethod
    def _dotted_code(module=10, dot=4):
        """The card's code drawn with a small dot for each dark module but the three finder
        patterns: the reduced photo shows the finder patterns, only the full one the dots."""
        qr = qr_card.card_qr_code(URL)
        matrix, quiet = qr.get_matrix(), qr_card.QUIET_ZONE
        side = len(matrix) - 2 * quiet
        corners = [(0, 0), (0, side - 7), (side - 7, 0)]
        image = Image.new("RGB", (len(matrix) * module,) * 2, "white")
        draw, inset = ImageDraw.Draw(image), (module - dot) // 2
        for row, line in enumerate(matrix):
            for column, dark in enumerate(line):
                if not dark:
                    continue
                x, y = column * module, row * module
                if any(
                    0 <= row - quiet - top < 7 and 0 <= column - quiet - left < 7
                    for top, left in corners
                ):
                    draw.rectangle((x, y, x + module - 1, y + module - 1), fill="black")
                else:
                    draw.rectangle(
                        (x + inset, y + inset, x + inset + dot - 1, y + inset + dot - 1),
                        fill="black",
                    )
        return image

    def _examine(self, data):
        """(what examine read, how many times it decoded the full-resolution image)"""
        full_decodes = []

        def grayscale(data):
            full_decodes.append(data)
            return Image.open(io.BytesIO(data)).convert("L")

        with patch.object(photo_image, "grayscale", grayscale):
            return photo_image.examine(data, read_cards=True), len(full_decodes)

    def test_a_card_at_shooting_distance_is_read_in_the_reduced_photo(self):
        # 52 mm printed, in a photo framing 1.2 m: 260 px, a little soft
        examined, full_decodes = self._examine(self._photo(self._card(260, blur=1.5)))
        self.assertEqual([qr_card.code_of(text) for text in examined.qr_texts], ["K7QXM-4PBZ9"])
        self.assertEqual(full_decodes, 0)

    def test_a_code_seen_but_not_read_in_the_reduced_photo_is_read_at_full_resolution(self):
        examined, full_decodes = self._examine(self._photo(self._dotted_code(), angle=5))
        self.assertEqual({qr_card.code_of(text) for text in examined.qr_texts}, {"K7QXM-4PBZ9"})
        self.assertEqual(examined.qr_unreadable, 0)
        self.assertEqual(full_decodes, 1)

    def test_a_photo_without_card_is_decoded_once_reduced(self):
        examined, full_decodes = self._examine(self._photo())
        self.assertEqual((examined.qr_texts, examined.qr_unreadable, full_decodes), ([], 0, 0))
        with Image.open(io.BytesIO(examined.thumbnail)) as thumbnail:
            self.assertEqual(thumbnail.size, (256, 171))

    @staticmethod
    def _portrait(backdrop, clothes, stripes=False, size=(800, 1200)):
        """A studio portrait: a face and shoulders on a plain backdrop, with camera grain."""
        image = Image.new("RGB", size, backdrop)
        draw, (width, height) = ImageDraw.Draw(image), size
        draw.ellipse(
            (width * 0.35, height * 0.15, width * 0.65, height * 0.4), fill=(233, 200, 175)
        )
        draw.rounded_rectangle(
            (width * 0.2, height * 0.42, width * 0.8, height * 1.1), 60, fill=clothes
        )
        for top in range(int(height * 0.45), height, 24) if stripes else ():
            draw.rectangle((width * 0.2, top, width * 0.8, top + 10), fill="white")
        grain = Image.frombytes("L", size, random.Random(3).randbytes(size[0] * size[1]))
        return Image.blend(image, Image.merge("RGB", (grain, grain, grain)), 0.1)

    def test_a_card_too_small_and_blurred_to_be_seen_is_guessed_in_the_reduced_photo(self):
        # a 30 mm code in a photo framing 1.5 m, out of focus: 120 px in the reduced photo, blurred
        grain = Image.frombytes("L", (1500, 1000), random.Random(14).randbytes(1500 * 1000))
        photo = Image.blend(
            Image.new("RGB", (1500, 1000), (150, 100, 80)), Image.merge("RGB", (grain,) * 3), 0.25
        )
        photo.paste(
            self._card(120).rotate(
                5, expand=True, fillcolor=(150, 100, 80), resample=Image.BICUBIC
            ),
            (700, 400),
        )
        photo = photo.filter(ImageFilter.GaussianBlur(2))
        self.assertEqual(qr_card.read_qr_codes(photo), ([], 0), "zxing sees no code")
        self.assertTrue(qr_card.card_box(photo))

    def test_portraits_are_never_taken_for_cards(self):
        portraits = [
            file_open(f"studio_prepay/demo/photos/{name}", "rb").read()
            for name in (
                "portrait_1.jpg",
                "portrait_2.jpg",
                "portrait_3.jpg",
                "portrait_4.jpg",
                "class_photo.jpg",
            )
        ]
        for backdrop in ("white", (235, 235, 235), (128, 128, 128), (90, 120, 170)):
            for clothes in ((40, 40, 50), "black", (240, 240, 240)):
                for stripes in (False, True):
                    buffer = io.BytesIO()
                    self._portrait(backdrop, clothes, stripes).save(buffer, "JPEG", quality=90)
                    portraits.append(buffer.getvalue())
        portraits.append(self._photo())
        for number, data in enumerate(portraits):
            examined = photo_image.examine(data, read_cards=True)
            self.assertFalse(examined.card_guessed, f"portrait {number}")
            self.assertEqual((examined.qr_texts, examined.qr_unreadable), ([], 0))

    def test_the_access_code_of_a_qr_code(self):
        self.assertEqual(qr_card.code_of(URL), "K7QXM-4PBZ9")
        self.assertEqual(
            qr_card.code_of("http://localhost:8069/studio/code?code=k7qxm4pbz9"), "K7QXM-4PBZ9"
        )
        self.assertEqual(qr_card.code_of(" K7QXM 4PBZ9 "), "K7QXM-4PBZ9")
        self.assertEqual(qr_card.code_of("https://example.com/menu?day=monday"), "")
        self.assertEqual(qr_card.code_of("https://example.com/studio/code?code=NOT-A-CODE"), "")

    def test_capture_time_from_exif(self):
        exif = Image.Exif()
        exif[photo_image.EXIF_IFD] = {
            photo_image.DATE_TIME_ORIGINAL: "2026:09:14 09:00:01",
            photo_image.SUBSEC_TIME_ORIGINAL: "25",
        }
        buffer = io.BytesIO()
        Image.new("RGB", (60, 40)).save(buffer, "JPEG", exif=exif.tobytes())
        self.assertEqual(
            photo_image.capture_time(photo_image.open_image(buffer.getvalue())),
            "2026-09-14 09:00:01.250000",
        )
        buffer = io.BytesIO()
        Image.new("RGB", (60, 40)).save(buffer, "JPEG")
        self.assertFalse(photo_image.capture_time(photo_image.open_image(buffer.getvalue())))
