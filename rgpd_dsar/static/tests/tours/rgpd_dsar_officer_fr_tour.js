import { registry } from "@web/core/registry";

// The Officer's day in French, with her own account (not the superuser):
// one tour per request, then the dashboard. Each step checks what she reads.

function recordId() {
    return parseInt(window.location.pathname.split("/").pop());
}

async function fetchOk(url, contentType) {
    const response = await fetch(url);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok || !type.includes(contentType)) {
        throw new Error(`${url} gave ${response.status} ${type}`);
    }
    return response;
}

const verifyOnThePhone = [
    {
        content: "The request is new, with its deadline as a date and the days left",
        trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Nouvelle)",
    },
    {
        trigger: ".o_form_view .o_field_widget[name=deadline_label]:contains(dans):contains(j)",
    },
    {
        content: "Nothing is done to the data before the identity is verified",
        trigger:
            ".o_form_view .o_form_statusbar:not(:has(button[name=action_generate_export])):not(:has(button[name=action_erase]))",
    },
    {
        content: "The identity was checked on the phone",
        trigger: ".o_form_view .o_field_widget[name=identity_method] .o_select_menu_toggler",
        run: "click",
    },
    {
        trigger: ".o_select_menu_menu .o_select_menu_item:contains(Contact connu)",
        run: "click",
    },
    {
        content: "One visible action: Identity verified",
        trigger: ".o_form_view button[name=action_verify_identity]:contains(Identité vérifiée)",
        run: "click",
    },
    {
        trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(En cours)",
    },
];

registry.category("web_tour.tours").add("rgpd_dsar_officer_fr_access", {
    steps: () => [
        ...verifyOnThePhone,
        {
            content: "Extend the deadline",
            trigger: ".o_form_view button[name=action_extend]:contains(Prolonger)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Trois logiciels à interroger",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The extended deadline is still a date and days left",
            trigger:
                ".o_form_view:not(:has(.modal)) .o_field_widget[name=deadline_label]:contains(dans)",
        },
        {
            content: "Generate the export",
            trigger: ".o_form_view button[name=action_generate_export]",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_done]",
        },
        {
            content: "Download the export",
            trigger: ".o_form_view .o_form_saved",
            run: async () => {
                await fetchOk(
                    `/web/content/rgpd.dsar.request/${recordId()}/export_file?download=true`,
                    "zip"
                );
            },
        },
        {
            content: "Tell the person: send the answer",
            trigger: ".o_form_view button[name=action_done]:contains(Envoyer la réponse)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Traitée)",
        },
        {
            content: "The answer sent to the person is in the chatter, in French",
            trigger: ".o-mail-Message:contains(Nous avons traité votre demande)",
        },
        {
            content: "The reminder is gone with the request answered",
            trigger: ".o_form_view:not(:has(.o-mail-Activity))",
        },
    ],
});

registry.category("web_tour.tours").add("rgpd_dsar_officer_fr_erasure", {
    steps: () => [
        ...verifyOnThePhone,
        {
            content: "Erase the person's data",
            trigger: ".o_form_view button[name=action_erase]:contains(Effacer)",
            run: "click",
        },
        {
            content: "Confirm the erasure",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The certificate says where nothing was found any more",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Certificat d'effacement)",
            run: "click",
        },
        {
            content: "Print the certificate",
            trigger: ".o_form_view button[name=action_print_erasure_certificate]:contains(Imprimer le certificat)",
            run: async () => {
                const id = recordId();
                const html = await (
                    await fetchOk(`/report/html/rgpd_dsar.report_dsar_erasure/${id}`, "html")
                ).text();
                for (const words of ["Certificat d'effacement", "Ce qui a été effacé", "Ce qui a été conservé"]) {
                    if (!html.includes(words.replace("'", "&#39;")) && !html.includes(words)) {
                        throw new Error(`The certificate does not say "${words}"`);
                    }
                }
                await fetchOk(`/report/pdf/rgpd_dsar.report_dsar_erasure/${id}`, "pdf");
            },
        },
        {
            content: "Tell the person: send the answer",
            trigger: ".o_form_view button[name=action_done]:contains(Envoyer la réponse)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Traitée)",
        },
        {
            content: "The chatter says the answer was mailed (no copy kept)",
            trigger: ".o-mail-Message:contains(La réponse a été envoyée)",
        },
    ],
});

registry.category("web_tour.tours").add("rgpd_dsar_officer_fr_dashboard", {
    steps: () => [
        {
            content: "The requests are counted by days left, in French",
            trigger: ".o_rgpd_figure_request_deadline_0:contains(En retard)",
        },
        {
            trigger: ".o_rgpd_figure_request_state_0:contains(Nouvelle)",
        },
        {
            content: "The chart's axis counts in whole numbers (not 10,00)",
            trigger: ".o_rgpd_consent_chart canvas",
            run: () => {
                const canvas = document.querySelector(".o_rgpd_consent_chart canvas");
                const label = window.Chart.getChart(canvas).options.scales.y.ticks.callback(10);
                if (label !== "10") {
                    throw new Error(`The axis reads ${label}`);
                }
            },
        },
        {
            content: "Open the overdue requests behind the figure",
            trigger: ".o_rgpd_figure_request_deadline_0",
            run: "click",
        },
        {
            content: "The late request is there, its deadline a date and days late",
            trigger: ".o_list_view .o_data_row:contains(Victor Retard):contains(j de retard)",
        },
        {
            content: "A facet says which figure the list shows",
            trigger: ".o_searchview .o_searchview_facet:contains(En retard)",
        },
        {
            content: "Removing it shows every request, the facet gone",
            trigger: ".o_searchview .o_searchview_facet:contains(En retard) .o_facet_remove",
            run: "click",
        },
        {
            trigger: ".o_searchview:not(:has(.o_searchview_facet:contains(En retard)))",
        },
    ],
});
