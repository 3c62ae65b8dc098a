from . import product_template
from . import studio_job
from . import studio_subject
from . import sale_order
