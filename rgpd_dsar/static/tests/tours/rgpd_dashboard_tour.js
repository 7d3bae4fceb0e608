import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("rgpd_dashboard", {
    steps: () => [
        {
            content: "The dashboard lists the open breach with its hours left",
            trigger: ".o_rgpd_breach_list tr:contains(Tour: stolen laptop):contains(h left)",
        },
        {
            content: "The requests are counted by days left",
            trigger: ".o_rgpd_figure_request_deadline_0:contains(Overdue)",
        },
        {
            content: "The retention figures are filled in once counted",
            trigger: ".o_rgpd_retention .o_rgpd_figure",
        },
        {
            content: "The chart of consents is Odoo's own graph",
            trigger: ".o_rgpd_consent_chart .o_graph_renderer canvas",
        },
        {
            content: "Open the breaches behind the figure",
            trigger: ".o_rgpd_figure_breach_0",
            run: "click",
        },
        {
            content: "The list shows them",
            trigger: ".o_list_view .o_data_row:contains(Tour: stolen laptop)",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "Print the record of processing activities",
            trigger: ".o_rgpd_dashboard .o_rgpd_print_register",
            run: "click",
        },
        {
            content: "The register was printed",
            trigger: ".o_notification:contains(record of processing activities was printed)",
        },
    ],
});
