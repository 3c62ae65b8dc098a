from . import studio_shop
from . import website_sale
