from . import access_code
