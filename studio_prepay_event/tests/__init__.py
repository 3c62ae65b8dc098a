from . import test_ticket_transfer
from . import test_ticket_lapse
from . import test_ticket_refund
from . import test_ticket_door
from . import test_ticket_pdf
from . import test_ticket_portal
from . import test_ticket_concurrency
from . import test_ticket_backoffice
