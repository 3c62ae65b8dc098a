from . import studio_fulfillment_wizard
from . import studio_names_import
from . import studio_photo_upload
from . import studio_qr_card_wizard
