import io
import random
import zipfile
from contextlib import ExitStack
from datetime import datetime, timedelta
from unittest.mock import patch

from lxml import html
from PIL import Image, ImageDraw, ImageFilter
from qrcode.image.pil import PilImage

from odoo import Command

from ..models import studio_upload
from ..tools import qr_card
from .common import StudioCase

EXIF_IFD, DATE_TIME_ORIGINAL, ORIENTATION = 0x8769, 0x9003, 0x0112
PICTURE_DAY = datetime(2026, 9, 14, 9, 0, 0)


class PhotoUploadCase(StudioCase):
    """Uploads through the wizard as a studio user, with camera-like photos: noisy images with the
    capture time in their EXIF, and shots of the job's QR cards as printed."""

    def setUp(self):
        super().setUp()
        self.images_made = 0

    # ------------------------------------------------------------------ files

    def _image(self, image_format="JPEG", size=None):
        """A small photo whose bytes differ from every other one made by the test."""
        self.images_made += 1
        buffer = io.BytesIO()
        Image.new("RGB", size or (40 + self.images_made, 30), (200, 90, 40)).save(
            buffer, image_format
        )
        return buffer.getvalue()

    def camera_photo(
        self,
        shot=None,
        size=(1200, 800),
        card=None,
        damaged=False,
        orientation=None,
        quality=85,
        card_size=None,
        blur=0,
    ):
        """A camera-like JPEG: noise on a colour wash, taken ``shot`` seconds into picture day (no
        EXIF capture time when None), showing the QR card of ``card`` (a subject, or a text)
        printed as the report prints it, held slightly turned, when given; ``damaged``: a thumb
        over the middle of the code; ``card_size``: the code's width (half the photo's height by
        default); ``blur``: the radius of a Gaussian blur of the whole photo (out of focus)."""
        self.images_made += 1
        rnd = random.Random(self.images_made)
        colour = tuple(rnd.randrange(60, 200) for _channel in range(3))
        grain = Image.frombytes("L", size, rnd.randbytes(size[0] * size[1]))
        image = Image.blend(
            Image.new("RGB", size, colour), Image.merge("RGB", (grain, grain, grain)), 0.25
        )
        if card is not None:
            image.paste(*self._card_shot(card, card_size or min(size) // 2, rnd, damaged))
        if blur:
            image = image.filter(ImageFilter.GaussianBlur(blur))
        exif = Image.Exif()
        if shot is not None:
            exif[EXIF_IFD] = {
                DATE_TIME_ORIGINAL: (PICTURE_DAY + timedelta(seconds=shot)).strftime(
                    "%Y:%m:%d %H:%M:%S"
                )
            }
        if orientation:
            exif[ORIENTATION] = orientation
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, exif=exif.tobytes())
        return buffer.getvalue()

    def _card_shot(self, card, qr_size, rnd, damaged):
        """(image, position) of a card with its QR code as seen by the camera."""
        text = card if isinstance(card, str) else card.code_url
        qr = (
            qr_card.card_qr_code(text, PilImage)
            .make_image()
            .convert("RGB")
            .resize((qr_size, qr_size))
        )
        if damaged:
            ImageDraw.Draw(qr).rectangle(
                (qr_size * 3 // 10, qr_size * 4 // 10, qr_size * 9 // 10, qr_size * 6 // 10),
                fill=(40, 30, 30),
            )
        shot = Image.new("RGB", (qr_size * 3 // 2, qr_size + 20), "white")
        ImageDraw.Draw(shot).text((8, 8), "Test School 2026", fill="black")
        shot.paste(qr, (qr_size // 2, 10))
        shot = shot.rotate(rnd.uniform(-8, 8), expand=True, fillcolor=(70, 70, 70))
        return shot, (rnd.randrange(10, 40), rnd.randrange(10, 40))

    @staticmethod
    def _zip(members, compression=zipfile.ZIP_STORED):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression) as archive:
            for path, content in members.items():
                archive.writestr(path, content)
        return buffer.getvalue()

    # ------------------------------------------------------------------ uploading

    def _wizard(self, files, **vals):
        """The upload wizard of a studio user with ``files`` [(name, content)] attached, as the
        many2many_binary widget attaches them."""
        env = self.env(user=self.studio_user)
        attachments = env["ir.attachment"].create(
            [
                {"name": name, "raw": content, "res_model": "studio.photo.upload", "res_id": 0}
                for name, content in files
            ]
        )
        return env["studio.photo.upload"].create(
            dict({"job_id": self.job.id, "attachment_ids": [Command.set(attachments.ids)]}, **vals)
        )

    def _upload(self, files, **vals):
        wizard = self._wizard(files, **vals)
        wizard.action_upload()
        return wizard

    def _gallery(self, tag=False, kind="individual"):
        field = "access_code" if kind == "individual" else "group_name"
        return self.env["studio.gallery"].search(
            [("job_id", "=", self.job.id), ("kind", "=", kind), (field, "=", tag)]
        )

    # ------------------------------------------------------------------ report

    @staticmethod
    def _report_text(wizard):
        return html.fromstring(wizard.report).text_content()

    @staticmethod
    def _report_list(wizard, css_class):
        """{name: text} of a list of the report"""
        return dict(
            item.text_content().split(": ", 1)
            for item in html.fromstring(wizard.report).xpath(f"//ul[@class='{css_class}']/li")
        )

    def _refused(self, wizard):
        """{file: reason} of the files the upload refused"""
        return self._report_list(wizard, "o_studio_upload_refused")

    def assertRefused(self, wizard, expected):
        refused = self._refused(wizard)
        self.assertEqual(set(refused), set(expected))
        for name, reason in expected.items():
            self.assertIn(reason, refused[name])


def small_steps():
    """Uploads of more than 3 files go to the background, in steps of 2 files."""
    stack = ExitStack()
    for name, value in [("BACKGROUND_FILES", 3), ("READ_STEP", 2), ("STORE_STEP", 2)]:
        stack.enter_context(patch.object(studio_upload, name, value))
    return stack
