import { Component, markup, onWillStart, useState } from "@odoo/owl";
import { Domain } from "@web/core/domain";
import { _t } from "@web/core/l10n/translation";
import { user } from "@web/core/user";
import { escape } from "@web/core/utils/strings";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { View } from "@web/views/view";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The Privacy Officer's dashboard: one call brings every figure with the
 * model and domain of its records, so that a click on a figure opens them.
 * The chart is Odoo's own graph view over the consent events.
 */
export class RgpdDashboard extends Component {
    static template = "rgpd_dsar.Dashboard";
    static components = { Layout, View };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.state = useState({ data: null, retention: null });
        onWillStart(() => this.load());
    }

    async load() {
        [this.state.data, this.consentFields] = await Promise.all([
            this.orm.call("rgpd.dashboard", "get_data", []),
            this.orm.call("rgpd.consent.event", "fields_get", [], {
                attributes: ["string", "type", "relation", "selection", "store", "sortable", "groupable", "aggregator"],
            }),
        ]);
        // Counting what the retention policies will process scans the
        // contacts: shown once ready, without holding the dashboard back.
        this.orm.call("rgpd.dashboard", "get_retention_data", []).then((retention) => {
            this.state.retention = retention;
        });
    }

    get graphProps() {
        const consents = this.state.data.consents;
        return {
            resModel: "rgpd.consent.event",
            type: "graph",
            viewId: consents.graph_view_id,
            // The view's own arch with the count read as an integer: Odoo's
            // graph writes its axis "10,00" for a count otherwise. The arch
            // lives here because a view record may not name "__count".
            arch: `<graph type="bar" stacked="0" sample="0">
                <field name="purpose_id"/>
                <field name="new_state"/>
                <field name="__count" type="measure" widget="integer"/>
            </graph>`,
            fields: this.consentFields,
            views: [
                [consents.graph_view_id, "graph"],
                [false, "search"],
            ],
            domain: consents.domain,
            display: { controlPanel: false },
            useSampleModel: false,
            noContentHelp: _t("No consent given or withdrawn in the last 12 months."),
        };
    }

    openFigure(figure) {
        // The figure's records behind a facet named as the figure, which the
        // Officer sees and may remove; an empty figure shows a help text,
        // never Odoo's faded sample rows.
        this.action.doAction(
            {
                type: "ir.actions.act_window",
                name: figure.label,
                res_model: figure.model,
                context: figure.context,
                views: [
                    [false, "list"],
                    [false, "form"],
                ],
                target: "current",
            },
            {
                props: {
                    useSampleModel: false,
                    noContentHelp: markup(
                        `<p>${escape(_t("Nothing to show: this figure counts no record today."))}</p>`
                    ),
                    irFilters: [
                        {
                            id: 1,
                            name: figure.label,
                            domain: new Domain(figure.domain).toString(),
                            context: "{}",
                            sort: "[]",
                            is_default: true,
                            user_ids: [user.userId],
                        },
                    ],
                },
            }
        );
    }

    openRecord(model, id) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: model,
            res_id: id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    async printRegister() {
        const action = await this.orm.call("rgpd.purpose", "action_print_register", [[]]);
        await this.action.doAction(action);
        this.notification.add(_t("The record of processing activities was printed."), {
            type: "success",
        });
    }

    async exportRegister() {
        const action = await this.orm.call("rgpd.purpose", "action_export_register", [[]]);
        await this.action.doAction(action);
    }
}

registry.category("actions").add("rgpd_dashboard", RgpdDashboard);
