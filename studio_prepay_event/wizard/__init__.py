from . import studio_add_products_line
from . import studio_refund_wizard
