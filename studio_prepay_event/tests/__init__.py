from . import test_ticket_transfer
