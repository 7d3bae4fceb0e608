import { registry } from "@web/core/registry";

// The customer's request page, as /my/orders: our acknowledgement in the
// conversation, and the customer writes back.
registry.category("web_tour.tours").add("rgpd_dsar_portal_conversation", {
    url: "/my/privacy",
    steps: () => [
        {
            content: "Open the request",
            trigger: ".o_rgpd_dsar_row td a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The conversation shows our acknowledgement",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(We received your request)",
        },
        {
            content: "Write to us about the request",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Please include my invoices too",
        },
        {
            content: "Send it",
            trigger: "#chatterRoot:shadow .o-mail-Composer button:contains(Send):enabled",
            run: "click",
        },
        {
            content: "It is in the conversation",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(Please include my invoices too)",
        },
    ],
});
