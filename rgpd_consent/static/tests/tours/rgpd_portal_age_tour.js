import { registry } from "@web/core/registry";

// A portal customer answers the age question (GDPR Art. 8) before giving a
// consent: "no" records nothing and says why, "yes" gives it.
registry.category("web_tour.tours").add("rgpd_portal_age", {
    url: "/my/privacy",
    steps: () => [
        {
            content: "The page links to the privacy notice",
            trigger: ".o_rgpd_notice_link a[href^='/privacy/']",
        },
        {
            content: "Say 'under 15'",
            trigger: ".o_rgpd_purpose_test_notice_letter input[value=under]",
            run: "click",
        },
        {
            content: "Give the consent",
            trigger: ".o_rgpd_purpose_test_notice_letter button.o_rgpd_give",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Nothing was recorded, and the page says why",
            trigger: ".o_rgpd_purpose_test_notice_letter.o_rgpd_state_none .o_rgpd_minor",
        },
        {
            content: "Say '15 or older'",
            trigger: ".o_rgpd_purpose_test_notice_letter input[value=over]",
            run: "click",
        },
        {
            content: "Give the consent again",
            trigger: ".o_rgpd_purpose_test_notice_letter button.o_rgpd_give",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The consent is given and the choice saved",
            trigger: ".o_rgpd_purpose_test_notice_letter.o_rgpd_state_given .alert-success",
        },
    ],
});
