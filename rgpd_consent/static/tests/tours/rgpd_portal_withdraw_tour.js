import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("rgpd_portal_withdraw", {
    url: "/my/privacy",
    steps: () => [
        {
            content: "The consent to the newsletter is given",
            trigger: ".o_rgpd_purpose_rgpd_tour_newsletter.o_rgpd_state_given .o_rgpd_state:contains(Consent given)",
        },
        {
            content: "Withdraw it",
            trigger: ".o_rgpd_purpose_rgpd_tour_newsletter button.o_rgpd_withdraw",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The choice is saved and the consent is withdrawn",
            trigger: ".o_rgpd_purpose_rgpd_tour_newsletter.o_rgpd_state_withdrawn .alert-success",
        },
        {
            content: "It can be given again from the same place",
            trigger: ".o_rgpd_purpose_rgpd_tour_newsletter button.o_rgpd_give",
        },
        {
            content: "Back to the portal home through the breadcrumb",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The Privacy card is shown on the portal home",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/privacy']",
        },
    ],
});
