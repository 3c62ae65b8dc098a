from . import studio_names_import
from . import studio_qr_card_wizard
