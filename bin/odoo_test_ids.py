"""Print the tests Odoo's own runner (--test-tags, runbot, OCA CI) finds in an addon, one per line
as pytest names them (file::class::method): bin/harness compares them with what pytest-odoo
collects, so that no test file is left out of tests/__init__.py (Odoo's runner only sees the
imported ones).

Usage: odoo_test_ids.py ODOO_CONFIG MODULE"""

import sys
import unittest

import odoo
from odoo.tests import loader


def flatten(suite):
    for test in suite:
        yield from flatten(test) if isinstance(test, unittest.TestSuite) else [test]


def main(config, module):
    odoo.tools.config.parse_config(["-c", config, "--log-level=warn"])
    odoo.modules.module.initialize_sys_path()
    for test_module in loader.get_test_modules(module):
        for test in flatten(unittest.TestLoader().loadTestsFromModule(test_module)):
            name = test_module.__name__.rsplit(".", 1)[-1]
            print(f"{name}.py::{type(test).__name__}::{test._testMethodName}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
