"""Camera-like photos for the upload benchmark, made in worker processes (PIL only, no Odoo).

A photo is a 6000x4000 JPEG of about 5 MB (a colour wash with film grain, a patch of its own so that
no two photos are the same) with its capture time in the EXIF; a card shot also shows a subject's QR
card held at shooting distance, slightly turned and soft.
"""

import io
import random
import zipfile
from datetime import datetime, timedelta

from PIL import Image, ImageDraw, ImageFilter

SIZE = (6000, 4000)
QUALITY = 90
GRAIN = 14
BACKGROUNDS = 3
EXIF_IFD, DATE_TIME_ORIGINAL = 0x8769, 0x9003
PICTURE_DAY = datetime(2026, 9, 14, 8, 0, 0)


def background(seed):
    rnd = random.Random(seed)
    width, height = SIZE
    wash = Image.merge(
        "RGB",
        [
            Image.effect_noise((width // 60, height // 60), 60 + rnd.randrange(20)).resize(
                SIZE, Image.BICUBIC
            )
            for _channel in range(3)
        ],
    )
    grain = Image.effect_noise(SIZE, GRAIN)
    return Image.blend(wash, Image.merge("RGB", (grain, grain, grain)), 0.25)


def card(qr_png, rnd):
    """A printed card with its QR code (``qr_png``, as printed) seen by the camera: 300 to 420 px
    for the code, turned by up to 10 degrees, slightly soft."""
    qr = Image.open(io.BytesIO(qr_png)).convert("RGB")
    side = rnd.randrange(300, 420)
    qr = qr.resize((side, side), Image.BILINEAR)
    shot = Image.new("RGB", (side * 9 // 5, side * 6 // 5), (250, 250, 245))
    ImageDraw.Draw(shot).text((20, 20), "Bench school\nSubject\nClass", fill="black")
    shot.paste(qr, (shot.width - side - 10, 10))
    shot = shot.rotate(
        rnd.uniform(-10, 10), resample=Image.BICUBIC, expand=True, fillcolor=(60, 50, 45)
    )
    return shot.filter(ImageFilter.GaussianBlur(0.8))


def jpeg(image, seconds):
    exif = Image.Exif()
    exif[EXIF_IFD] = {
        DATE_TIME_ORIGINAL: (PICTURE_DAY + timedelta(seconds=seconds)).strftime("%Y:%m:%d %H:%M:%S")
    }
    output = io.BytesIO()
    image.save(output, "JPEG", quality=QUALITY, exif=exif.tobytes())
    return output.getvalue()


def write_zip(task):
    """Write the zip archive ``path`` of ``shots`` [(file name, seconds, QR png or None)]; returns
    (path, bytes of photos)."""
    path, seed, shots = task
    rnd = random.Random(seed)
    backgrounds = [background(seed * 10 + number) for number in range(BACKGROUNDS)]
    total = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, seconds, qr_png in shots:
            image = backgrounds[rnd.randrange(BACKGROUNDS)].copy()
            image.paste(
                Image.effect_noise((96, 96), 60).convert("RGB"),
                (rnd.randrange(SIZE[0] - 96), rnd.randrange(SIZE[1] - 96)),
            )
            if qr_png:
                shot = card(qr_png, rnd)
                image.paste(
                    shot,
                    (rnd.randrange(SIZE[0] - shot.width), rnd.randrange(SIZE[1] - shot.height)),
                )
            data = jpeg(image, seconds)
            total += len(data)
            archive.writestr(name, data)
    return path, total
