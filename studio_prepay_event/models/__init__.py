from . import event_event
from . import event_event_ticket
from . import event_registration
from . import ir_actions_report
from . import mail_template
from . import payment_transaction
from . import sale_order
from . import sale_order_line
