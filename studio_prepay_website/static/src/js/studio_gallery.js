/** @odoo-module **/

import publicWidget from "@web/legacy/js/public/public_widget";
import { _t } from "@web/core/l10n/translation";
import { rpc } from "@web/core/network/rpc";

/**
 * The proof gallery: favourites kept on the device, swipe and arrow keys in the lightbox (the
 * lightbox itself is the :target of the photo's link, so it works without this script; closing it
 * targets the photo's tile again), the options of the product chosen, and
 * "Add to cart" without reloading the gallery (the form posts itself when the script cannot).
 */
publicWidget.registry.StudioGallery = publicWidget.Widget.extend({
    selector: ".o_studio_gallery",
    events: {
        "click .o_studio_fav": "_onFavourite",
        "submit .o_studio_order_form": "_onAddToCart",
        "click .o_studio_show_all": "_onShowAll",
        "click .o_studio_show_favourites": "_onShowFavourites",
        "touchstart .o_studio_lightbox": "_onTouchStart",
        "touchend .o_studio_lightbox": "_onTouchEnd",
        "change .o_studio_options input": "_onOption",
    },

    start() {
        this.storageKey = `studio_favourites_${this.el.dataset.subjectId}`;
        this.favourites = new Set(JSON.parse(window.localStorage.getItem(this.storageKey) || "[]"));
        this._onKeyDown = this._onKeyDown.bind(this);
        this._onHashChange = this._onHashChange.bind(this);
        document.addEventListener("keydown", this._onKeyDown);
        window.addEventListener("hashchange", this._onHashChange);
        this._renderFavourites();
        return this._super(...arguments);
    },

    destroy() {
        document.removeEventListener("keydown", this._onKeyDown);
        window.removeEventListener("hashchange", this._onHashChange);
        this._super(...arguments);
    },

    _renderFavourites() {
        for (const button of this.el.querySelectorAll(".o_studio_fav")) {
            const on = this.favourites.has(button.dataset.photoId);
            button.setAttribute("aria-pressed", on ? "true" : "false");
            button.classList.toggle("o_studio_fav_on", on);
            button.querySelector("i").className = on ? "fa fa-heart" : "fa fa-heart-o";
        }
    },

    _onFavourite(ev) {
        const id = ev.currentTarget.dataset.photoId;
        if (this.favourites.has(id)) {
            this.favourites.delete(id);
        } else {
            this.favourites.add(id);
        }
        window.localStorage.setItem(this.storageKey, JSON.stringify([...this.favourites]));
        this._renderFavourites();
    },

    async _onAddToCart(ev) {
        const form = ev.currentTarget;
        ev.preventDefault();
        const button = form.querySelector(".o_studio_add");
        const done = form.querySelector(".o_studio_add_done");
        const warning = form.querySelector(".o_studio_add_warning");
        button.disabled = true;
        done.classList.add("d-none");
        warning.classList.add("d-none");
        let result;
        try {
            result = await rpc(form.getAttribute("action") + "_json", Object.fromEntries(new FormData(form)));
        } catch {
            form.submit(); // the server answers the plain form (and says what went wrong)
            return;
        } finally {
            button.disabled = false;
        }
        if (result.warning) {
            warning.textContent = result.warning;
            warning.classList.remove("d-none");
        } else {
            done.classList.remove("d-none");
        }
        const cartLink = this.el.querySelector("#studio_cart_link");
        cartLink.querySelector(".o_studio_cart_quantity").textContent = result.cart_quantity;
        cartLink.classList.toggle("d-none", !result.cart_quantity);
        for (const badge of document.querySelectorAll(".my_cart_quantity")) {
            badge.textContent = result.cart_quantity;
            badge.classList.toggle("d-none", !result.cart_quantity);
        }
    },

    _showOnly(favouritesOnly) {
        for (const tile of this.el.querySelectorAll(".o_studio_tile")) {
            tile.classList.toggle("d-none", favouritesOnly && !this.favourites.has(tile.dataset.photoId));
        }
        this.el.querySelector(".o_studio_show_all").classList.toggle("active", !favouritesOnly);
        this.el.querySelector(".o_studio_show_favourites").classList.toggle("active", favouritesOnly);
    },

    _onShowAll() {
        this._showOnly(false);
    },

    _onShowFavourites() {
        this._showOnly(true);
    },

    _go(lightbox, which) {
        const link = lightbox && lightbox.querySelector(which === "next" ? ".o_studio_next" : ".o_studio_prev");
        if (link) {
            window.location.hash = link.getAttribute("href");
        }
    },

    _onTouchStart(ev) {
        this.touchX = ev.changedTouches[0].clientX;
    },

    _onTouchEnd(ev) {
        const dx = ev.changedTouches[0].clientX - (this.touchX ?? ev.changedTouches[0].clientX);
        if (Math.abs(dx) > 50) {
            this._go(ev.currentTarget, dx < 0 ? "next" : "prev");
        }
    },

    /** An option (crop, retouching) belongs to one product: tapping it chooses that product. */
    _onOption(ev) {
        const choice = ev.currentTarget.closest(".o_studio_product_choice");
        const product = choice && choice.querySelector("input[name=product_id]");
        if (product && !product.checked) {
            product.checked = true;
        }
    },

    /**
     * Closing the lightbox goes back to the photo that was open (its tile is the new target): the
     * focus goes to its link, for the keyboard and screen readers as for the eye.
     */
    _onHashChange() {
        const hash = window.location.hash;
        if (hash.startsWith("#tile-")) {
            const tile = this.el.querySelector(hash);
            const link = tile && tile.querySelector(".o_studio_open");
            if (link) {
                link.focus({ preventScroll: true });
                tile.scrollIntoView({ block: "center" });
            }
        } else if (hash.startsWith("#photo-")) {
            const lightbox = this.el.querySelector(hash);
            const close = lightbox && lightbox.querySelector(".o_studio_close");
            if (close) {
                close.focus({ preventScroll: true });
            }
        }
    },

    _onKeyDown(ev) {
        const open = this.el.querySelector(".o_studio_lightbox:target");
        if (!open) {
            return;
        }
        if (ev.key === "ArrowRight") {
            this._go(open, "next");
        } else if (ev.key === "ArrowLeft") {
            this._go(open, "prev");
        } else if (ev.key === "Escape") {
            window.location.hash = `tile-${open.id.replace("photo-", "")}`;
        }
    },
});

/** The countdown to the job's order deadline. */
/**
 * The prepay shop's quantity steppers: the minus and plus buttons beside each quantity box (0 to its max).
 */
publicWidget.registry.StudioQuantityStepper = publicWidget.Widget.extend({
    selector: ".o_studio_qty_stepper",
    events: {
        "click .o_studio_qty_minus": "_onMinus",
        "click .o_studio_qty_plus": "_onPlus",
    },

    _step(delta) {
        const input = this.el.querySelector(".o_studio_qty");
        const max = parseInt(input.max || "99", 10);
        const value = Math.min(max, Math.max(0, (parseInt(input.value, 10) || 0) + delta));
        input.value = String(value);
        input.dispatchEvent(new Event("change", { bubbles: true }));
    },
    _onMinus() {
        this._step(-1);
    },
    _onPlus() {
        this._step(1);
    },
});

publicWidget.registry.StudioCountdown = publicWidget.Widget.extend({
    selector: ".o_studio_countdown",

    start() {
        this.deadline = new Date(this.el.dataset.deadline);
        this._tick();
        this.interval = setInterval(() => this._tick(), 60000);
        return this._super(...arguments);
    },

    destroy() {
        clearInterval(this.interval);
        this._super(...arguments);
    },

    _tick() {
        const minutes = Math.max(0, Math.floor((this.deadline - new Date()) / 60000));
        const days = Math.floor(minutes / 1440);
        const hours = Math.floor((minutes % 1440) / 60);
        this.el.textContent = days
            ? _t("(%(days)s days %(hours)s h left)", { days, hours })
            : _t("(%(hours)s h %(minutes)s min left)", { hours, minutes: minutes % 60 });
    },
});
