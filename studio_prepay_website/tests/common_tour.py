"""The phone the browser tours run on: the test's Chrome as a 390 x 844 mobile screen with touch,
and the screenshots of the parent's path."""

import base64
import contextlib
import io
import json
import os
import pathlib
import re
from unittest.mock import patch

from PIL import Image

from odoo.tests.common import ChromeBrowser

# STUDIO_SCREENSHOTS=docs/screenshots: the tours save the README's screenshots of the parent's path
# there
SCREENSHOTS_ENV = "STUDIO_SCREENSHOTS"
SCREENSHOT_SIGNAL = "studio_screenshot "
SCREENSHOT_NAME = re.compile(r"[0-9a-z-]+")
MAX_SCREENSHOT_BYTES = 300 * 1024


def save_screenshot(directory, name, png):
    """Save a PNG screenshot as small as it gets without visible loss (palette of 256 colours when
    the full colours are over MAX_SCREENSHOT_BYTES)."""
    image = Image.open(io.BytesIO(png))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    if buffer.tell() > MAX_SCREENSHOT_BYTES:
        buffer = io.BytesIO()
        image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT).save(
            buffer, "PNG", optimize=True
        )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.png").write_bytes(buffer.getvalue())


@contextlib.contextmanager
def phone_browser(taken):
    """The test's Chrome as a phone, with the tours' screenshots.

    Headless Chrome makes no window narrower than 500 px: the browser emulates the test's
    ``browser_size`` as a mobile device's screen instead (the page's viewport meta tag applies,
    touch events, overlay scroll bars). While a tour runs, a step that logs "studio_screenshot
    <name>" gets a screenshot of that screen (Chrome's Page.captureScreenshot), saved as <name>.png
    in the directory of STUDIO_SCREENSHOTS when set (else nothing is written); the step waits until
    the page was captured. ``taken`` collects the names."""
    directory = os.environ.get(SCREENSHOTS_ENV)
    directory = directory and pathlib.Path(directory).resolve()
    handle_console, init = ChromeBrowser._handle_console, ChromeBrowser.__init__

    def studio_init(browser, test_case, *args, **kwargs):
        init(browser, test_case, *args, **kwargs)
        width, height = (int(size) for size in re.split("[x,]", test_case.browser_size))
        browser._websocket_request(
            "Emulation.setDeviceMetricsOverride",
            params={"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
        )
        browser._websocket_request(
            "Emulation.setTouchEmulationEnabled", params={"enabled": True, "maxTouchPoints": 5}
        )

    def studio_handle_console(browser, type, args=None, **kwargs):  # pylint: disable=redefined-builtin
        message = args[0].get("value") if args and type == "log" else None
        if not isinstance(message, str) or not message.startswith(SCREENSHOT_SIGNAL):
            return handle_console(browser, type, args=args, **kwargs)
        name = message[len(SCREENSHOT_SIGNAL) :]
        if not SCREENSHOT_NAME.fullmatch(name):
            return handle_console(
                browser, "error", args=[{"type": "string", "value": f"bad screenshot {name}"}]
            )

        def answer(future=None):
            # runs in the browser's receiving thread: send, never wait for an answer there
            try:
                if future is not None:
                    save_screenshot(directory, name, base64.b64decode(future.result()["data"]))
                taken.append(name)
            finally:
                browser._websocket_send(
                    "Runtime.evaluate",
                    params={"expression": f"window.studioScreenshotTaken = {json.dumps(name)}"},
                )

        if directory:
            browser._websocket_send(
                "Page.captureScreenshot", params={"format": "png"}, with_future=True
            ).add_done_callback(answer)
        else:
            answer()
        return None

    with (
        patch.object(ChromeBrowser, "_handle_console", studio_handle_console),
        patch.object(ChromeBrowser, "__init__", studio_init),
    ):
        yield directory


class PhoneTourMixin:
    """A tour on a phone paying with the demo provider only, for the Maple Grove job."""

    browser_size = "390x844"  # a phone
    touch_enabled = True

    def setUp(self):
        super().setUp()
        provider = self.demo_provider()
        self.env["payment.provider"].search([("id", "!=", provider.id)]).state = "disabled"
        self.job.name = "Maple Grove School 2026"
