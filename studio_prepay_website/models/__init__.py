from . import delivery_carrier
from . import ir_http
from . import loyalty_rule
from . import product_product
from . import res_partner
from . import sale_order
from . import sale_order_line
from . import studio_job
