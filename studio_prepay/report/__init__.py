from . import studio_qr_card_report
