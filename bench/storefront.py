"""What a parent's browser sends through the storefront, shared by the rush (bench/rush_locust.py,
in locust's process) and the page costs (bench/pages.py, in Odoo's): the forms' values read from the
pages."""

import re

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
DEMO_METHOD = re.compile(
    r'data-payment-option-id="(\d+)"\s+data-payment-method-code="demo"\s+data-provider-id="(\d+)"'
)
PAYMENT_FORM = re.compile(r'data-(transaction-route|access-token|amount)="([^"]*)"')
IMAGE = re.compile(r"<img [^>]*>")
THUMBNAIL_CLASS = re.compile(r'class="[^"]*\bo_studio_thumb\b')
PROOF_SOURCE = re.compile(r'src="(/studio/proof/[^"]+)"')


def csrf(html):
    return CSRF.search(html).group(1)


def thumbnails(html):
    """The proofs a page shows as thumbnails (the grid, the pose choice), each once, in page
    order."""
    return list(
        dict.fromkeys(
            source.group(1)
            for tag in IMAGE.findall(html)
            if THUMBNAIL_CLASS.search(tag) and (source := PROOF_SOURCE.search(tag))
        )
    )


def address(parent, address_form_html):
    """The guest's checkout address: name, e-mail and phone (the job delivers to the school)."""
    return {
        "csrf_token": csrf(address_form_html),
        "name": f"Parent {parent['code']}",
        "email": f"{parent['code'].lower()}@example.com",
        "phone": "+1 555 0100",
        "country_id": parent["country_id"],
        "address_type": "billing",
        "use_delivery_as_billing": "true",
    }


def plain_address(parent, address_form_html):
    """The same guest in an ordinary shop, which ships to the parent: a full postal address too."""
    return dict(
        address(parent, address_form_html),
        street="1 Main Street",
        city="Springfield",
        zip="62701",
        state_id=parent["state_id"],
    )


def demo_transaction(payment_page_html):
    """(transaction route, its JSON-RPC params) of the payment form paying with the demo
    provider."""
    method_id, provider_id = DEMO_METHOD.search(payment_page_html).groups()
    form = dict(PAYMENT_FORM.findall(payment_page_html))
    return form["transaction-route"], {
        "provider_id": int(provider_id),
        "payment_method_id": int(method_id),
        "token_id": None,
        "amount": float(form["amount"]),
        "flow": "direct",
        "tokenization_requested": False,
        "landing_route": "/shop/payment/validate",
        "access_token": form["access-token"],
    }


def demo_card(reference):
    """The JSON-RPC params of the demo provider's card form, paying the transaction
    ``reference``."""
    return {"reference": reference, "payment_details": "4242", "simulated_state": "done"}
