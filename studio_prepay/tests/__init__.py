from . import test_access_codes
from . import test_job_phases
from . import test_names_import
from . import test_order_pipeline
from . import test_qr_cards
from . import test_sale_order_code
from . import test_security
