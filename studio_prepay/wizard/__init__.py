from . import studio_delete_restock_wizard
from . import studio_fulfillment_wizard
from . import studio_mark_paid_wizard
from . import studio_names_import
from . import studio_photo_upload
from . import studio_qr_card_wizard
from . import studio_refund_wizard
