from . import portal
from . import studio_shop
from . import studio_unsubscribe
from . import website_sale
