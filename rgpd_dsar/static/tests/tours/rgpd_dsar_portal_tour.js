import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("rgpd_dsar_portal_request", {
    url: "/my/privacy",
    steps: () => [
        {
            content: "Choose an access request",
            trigger: "select#rgpd_dsar_type",
            run: "select access",
        },
        {
            content: "Say what it is about",
            trigger: "textarea#rgpd_dsar_description",
            run: "edit I want a copy of all my data",
        },
        {
            content: "Send it",
            trigger: "button.o_rgpd_dsar_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request is registered, with its deadline",
            trigger: ".o_rgpd_dsar_created",
        },
        {
            content: "Its deadline is shown",
            trigger: ".o_rgpd_dsar_request .o_rgpd_dsar_deadline",
        },
    ],
});

registry.category("web_tour.tours").add("rgpd_dsar_portal_download", {
    url: "/my/privacy",
    steps: () => [
        {
            content: "The answered request is listed with its export",
            trigger: ".o_rgpd_dsar_row .o_rgpd_dsar_state:contains(Done)",
        },
        {
            content: "Open the request",
            trigger: ".o_rgpd_dsar_row td a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Download the export",
            trigger: ".o_rgpd_dsar_request a.o_rgpd_dsar_download",
            async run(helpers) {
                const response = await fetch(helpers.anchor.getAttribute("href"));
                const type = response.headers.get("Content-Type");
                const bytes = new Uint8Array(await response.arrayBuffer());
                // A ZIP starts with "PK".
                if (!response.ok || type !== "application/zip" || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
                    throw new Error(`The export did not download (${response.status} ${type})`);
                }
            },
        },
    ],
});
