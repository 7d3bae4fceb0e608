import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("rgpd_preferences_withdraw_all", {
    steps: () => [
        {
            content: "Both purposes are switched on",
            trigger: ".o_rgpd_pref_rgpd_tour_pref_news input:checked",
        },
        {
            content: "The objection purpose is on too",
            trigger: ".o_rgpd_pref_rgpd_tour_pref_profiling input:checked",
        },
        {
            content: "Withdraw from all",
            trigger: "button.o_rgpd_withdraw_all",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Everything is off, with an undo",
            trigger: ".o_rgpd_pref_rgpd_tour_pref_news input:not(:checked)",
        },
        {
            content: "Undo the withdrawal",
            trigger: "button.o_rgpd_undo",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The newsletter is on again",
            trigger: ".o_rgpd_pref_rgpd_tour_pref_news input:checked",
        },
        {
            content: "The choices are saved, with no link to an account",
            trigger: ".o_rgpd_saved:not(:has(a[href='/my/privacy']))",
        },
    ],
});
