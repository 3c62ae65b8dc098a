from . import access_code
from . import counting
from . import hashing_writer
from . import lab_export
from . import locking
from . import photo_image
from . import qr_card
from . import watermark
