from . import test_storefront_tickets
from . import test_ticket_checkout
from . import test_ticket_tour
from . import test_translations
