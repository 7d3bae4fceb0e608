import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("rgpd_dsar_backend_kanban", {
    steps: () => [
        {
            content: "The requests are grouped by state, with the days left",
            trigger: ".o_kanban_view .o_kanban_group .o_rgpd_days_left",
        },
        {
            content: "An overdue request shows in red",
            trigger: ".o_kanban_view .o_rgpd_days_left.text-bg-danger:contains(days late)",
        },
        {
            content: "Filter the overdue requests",
            trigger: ".o_searchview_input",
            run: "click",
        },
        {
            trigger: ".o_filter_menu .o-dropdown-item:contains(Overdue)",
            run: "click",
        },
        {
            content: "Open one",
            trigger: ".o_kanban_record:contains(Tour Overdue)",
            run: "click",
        },
        {
            content: "The form shows its state and the overdue ribbon",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(In Progress)",
        },
        {
            trigger: ".o_form_view .ribbon:contains(Overdue)",
        },
    ],
});
