# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged

# An axe-like check of the page in Chromium, for what axe rates "serious"
# or worse: the page's language, one h1 and no skipped heading level, a
# label for every field, a name for every link and image, and a text
# contrast of at least 4.5:1 (3:1 for large text), colours blended over
# the background actually behind the text.
A11Y_CHECK = r"""
(function () {
    const problems = [];
    const visible = (el) => {
        const style = getComputedStyle(el);
        return style.display !== "none" && style.visibility !== "hidden" &&
            el.getClientRects().length;
    };
    if (!document.documentElement.lang) {
        problems.push("the page has no language (html lang)");
    }
    const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(visible);
    if (headings.filter((h) => h.tagName === "H1").length !== 1) {
        problems.push("the page needs exactly one h1");
    }
    let level = 0;
    for (const heading of headings) {
        const next = Number(heading.tagName[1]);
        if (next > level + 1) {
            problems.push(
                `heading level skipped before "${heading.textContent.trim()}" ` +
                `(h${level} to h${next})`
            );
        }
        level = next;
    }
    const named = (el) =>
        (el.getAttribute("aria-label") || "").trim() ||
        (el.getAttribute("aria-labelledby") &&
            document.getElementById(el.getAttribute("aria-labelledby"))) ||
        (el.id && document.querySelector(`label[for="${el.id}"]`)) ||
        el.closest("label");
    for (const field of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
        if (visible(field) && !named(field)) {
            problems.push(`field ${field.name || field.outerHTML} has no label`);
        }
    }
    for (const link of document.querySelectorAll("a[href], button")) {
        const text = (link.textContent || "").trim() ||
            (link.getAttribute("aria-label") || "").trim() ||
            [...link.querySelectorAll("img[alt]")].map((img) => img.alt.trim()).join("");
        if (visible(link) && !text) {
            problems.push(`link or button without a name: ${link.outerHTML.slice(0, 120)}`);
        }
    }
    for (const img of document.querySelectorAll("img")) {
        if (visible(img) && !img.hasAttribute("alt")) {
            problems.push(`image without alt: ${img.src}`);
        }
    }
    const parse = (color) => {
        const m = color.match(/rgba?\(([^)]+)\)/);
        if (!m) { return [0, 0, 0, 0]; }
        const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
        return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
    };
    const over = (top, bottom) => {
        const a = top[3];
        return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
    };
    const background = (el) => {
        const layers = [];
        for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
            const bg = parse(getComputedStyle(node).backgroundColor);
            if (bg[3] > 0) { layers.push(bg); }
            if (bg[3] === 1) { break; }
        }
        return layers.reverse().reduce((acc, layer) => over(layer, acc), [255, 255, 255, 1]);
    };
    const luminance = (rgb) => {
        const [r, g, b] = rgb.slice(0, 3).map((v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    while (walker.nextNode()) {
        const el = walker.currentNode.parentElement;
        if (!walker.currentNode.textContent.trim() || seen.has(el) || !visible(el)) {
            continue;
        }
        if (el.closest(".visually-hidden, .visually-hidden-focusable, .dropdown-menu:not(.show)")) {
            continue;
        }
        seen.add(el);
        const style = getComputedStyle(el);
        const bg = background(el);
        const fg = over(parse(style.color), bg);
        const [light, dark] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
        const ratio = (light + 0.05) / (dark + 0.05);
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        if (ratio < (large ? 3 : 4.5)) {
            const text = walker.currentNode.textContent.trim().slice(0, 60);
            problems.push(`contrast ${ratio.toFixed(2)}:1 for "${text}"`);
        }
    }
    if (problems.length) {
        console.error("accessibility: " + problems.join(" | "));
    } else {
        console.log("test successful");
    }
})();
"""


@tagged("post_install", "-at_install")
class TestNoticeFromTheRegister(HttpCase):
    """The notice tells what the register and the retention policies know,
    filled in by the Officer, read by the public visitor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="notice_officer",
            name="Nora Officer",
            email="nora.officer@example.com",
            groups="base.group_user,rgpd_consent.group_rgpd_officer",
        )
        cls.company = cls.env.company
        cls.company.write(
            {
                "rgpd_dpo_name": "Denise Dpo",
                "rgpd_dpo_email": "dpo.notice@example.com",
                "rgpd_authority": "CNIL",
                "rgpd_authority_url": "https://www.cnil.fr/fr/plaintes",
            }
        )
        cls.purpose = (
            cls.env["rgpd.purpose"]
            .with_user(cls.officer)
            .create(
                {
                    "name": "Notice Register Loyalty",
                    "code": "test_notice_register",
                    "description": "<p>Points for each purchase.</p>",
                    "lawful_basis": "contract",
                    "provision_requirement": "contract",
                    "provision_consequence": "Without it you earn no points.",
                    "company_id": False,
                }
            )
        )

    def test_officer_fills_the_register_and_the_visitor_reads_it(self):
        purpose = self.purpose.with_user(self.officer)
        missing = purpose._rgpd_notice_missing()
        for label in ("Categories of Personal Data", "Recipients", "Retention Periods"):
            self.assertIn(label, missing)
        purpose.write(
            {
                "data_categories": "Name, purchases, points",
                "recipients": "Loyalty team; card printer",
                "transfer_outside_eu": True,
                "transfer_safeguards": "Standard contractual clauses with the card printer",
            }
        )
        self.env["rgpd.retention.policy"].with_user(self.officer).create(
            {
                "name": "Loyalty members",
                "purpose_id": purpose.id,
                "domain": "[('email', 'ilike', '@loyalty.example.org')]",
                "duration_value": 2,
                "duration_unit": "years",
                "action": "anonymize",
            }
        )
        self.assertEqual(purpose._rgpd_notice_missing(), [], "the register check is met")
        self.authenticate(None, None)
        html = self.url_open("/privacy").text
        for text in (
            "Notice Register Loyalty",
            "Name, purchases, points",
            "Loyalty team; card printer",
            "Yes, with these safeguards: Standard contractual clauses with the card printer",
            "Loyalty members: 2 years",
            "Without it you earn no points.",
            "Denise Dpo",
            "dpo.notice@example.com",
            'href="/rgpd/request"',
            "lodge a complaint with CNIL",
            'href="https://www.cnil.fr/fr/plaintes"',
        ):
            self.assertIn(text, html)

    def test_request_page_links_to_the_notice(self):
        self.authenticate(None, None)
        page = self.url_open("/rgpd/request")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'href="/privacy/{self.company.id}"', page.text)

    def test_notice_page_accessibility_in_chromium(self):
        self.browser_js("/privacy", A11Y_CHECK, ready="document.readyState === 'complete'")

    def test_sign_up_page_accessibility_in_chromium(self):
        """The page that links to the notice and asks the age passes the
        same check: the age question is a labelled group of radios."""
        letter = (
            self.env["rgpd.purpose"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Notice A11y Letter",
                    "code": "test_notice_a11y",
                    "description": "<p>Our letter.</p>",
                    "offered_publicly": True,
                    "company_id": False,
                }
            )
        )
        self.browser_js(
            f"/rgpd/subscribe/{letter.code}", A11Y_CHECK, ready="document.readyState === 'complete'"
        )
