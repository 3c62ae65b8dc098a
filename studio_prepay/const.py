"""Constants shared by the addon's models, wizards and controllers (and by
studio_prepay_website)."""

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

PAYMENT_STATES = [
    ("unpaid", "Not paid"),
    ("pending", "Pending"),
    ("partially_paid", "Partially paid"),
    ("unconfirmed", "Received, not confirmed"),
    ("paid", "Paid"),
    ("partially_refunded", "Partially refunded"),
    ("refunded", "Refunded"),
    ("refund_failed", "Refund failed"),
]
FULFILLMENT_STATES = [
    ("unfulfilled", "Unfulfilled"),
    ("processed", "Processed"),
    ("on_hold", "On hold"),
    ("shipped", "Shipped"),
    ("cancelled", "Cancelled"),
    ("fulfilled", "Fulfilled"),
]
MAX_CUSTOMER_FILE = 50 * 2**20  # bytes
MAX_CUSTOMER_QUANTITY = 99
CHANGE_STATES = [
    ("new", "New"),
    ("requested", "Request for change"),
    ("changed", "Job is changed"),
]
STUDIO_USER_GROUP = "studio_prepay.group_studio_user"

PHOTO_KINDS = ("individual", "group", "memory_mate", "digital")
# (field, photo kind) of each photo a product of a kind is made from: a class photo for group
# products, the subject's photo for the others, and also the class photo for memory mates
PHOTO_SLOTS = {
    "group": (("studio_photo_id", "group"),),
    "memory_mate": (("studio_photo_id", "individual"), ("studio_class_photo_id", "group")),
    "individual": (("studio_photo_id", "individual"),),
    "digital": (("studio_photo_id", "individual"),),
}
STUDIO_CROPS = [("full", "Full frame"), ("close_up", "Close-up"), ("square", "Square")]
# characters at most: names and classes are printed on QR cards and sent to the lab
MAX_LENGTHS = {"name": 100, "group_name": 50, "external_ref": 64}
# orders the lab may produce: paid (a partial refund keeps what was paid for), or free
PAID_FOR_LAB_DOMAIN = [
    "|",
    ("studio_payment_state", "in", ("paid", "partially_refunded")),
    ("amount_total", "=", 0),
]
# orders sent back to their customer that wait for the answer (unless the studio chose not to wait)
WAITING_FOR_CHANGE_DOMAIN = [
    "&",
    ("studio_change_state", "=", "requested"),
    ("studio_change_no_wait", "=", False),
]
# why an order does not go to the lab yet (sale.order._studio_lab_blockers), in the order they are
# told
LAB_BLOCKERS = [
    ("cancelled", _lt("cancelled")),
    ("not_confirmed", _lt("not confirmed")),
    ("nothing_for_lab", _lt("nothing for the lab")),
    ("at_lab", _lt("at the lab already")),
    ("change_open", _lt("waiting for the customer's change")),
    ("unpaid", _lt("waiting for payment")),
    ("missing_photos", _lt("missing photos")),
    ("revision", _lt("in manual revision")),
]
# states of a released batch the lab still works on: the job's photos are never deleted meanwhile
BATCH_IN_PRODUCTION = ("released", "in_production")
# attachments the retention and the erasure delete per transaction
RETENTION_STEP = 500
