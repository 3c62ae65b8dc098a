"""Constants shared by the addon's models, wizards and controllers (and by studio_prepay_website)."""

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
STUDIO_CROPS = [("full", "Full frame"), ("close_up", "Close-up"), ("square", "Square")]
# characters at most: names and classes are printed on QR cards and sent to the lab
MAX_LENGTHS = {"name": 100, "group_name": 50, "external_ref": 64}
