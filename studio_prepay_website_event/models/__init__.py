from . import event_event_ticket
from . import sale_order
from . import sale_order_line
from . import studio_job
