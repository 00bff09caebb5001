// Copyright 2026 REVO
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {Component, onWillStart, onWillUpdateProps, useState} from "@odoo/owl";
import {deserializeDateTime, formatDateTime} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";
import {useService} from "@web/core/utils/hooks";

/**
 * The resolved tickets nearest the open one, with thumbs to vote on them.
 * They are asked for when their tab is shown, not with the form: the search
 * is the costliest part of a ticket and most opens never look at it.
 */
export class SimilarTickets extends Component {
    static template = "revo_helpdesk.SimilarTickets";
    static props = {...standardWidgetProps};

    setup() {
        this.action = useService("action");
        this.orm = useService("orm");
        this.state = useState({tickets: [], loaded: false});
        onWillStart(() => this.load(this.props.record.resId));
        onWillUpdateProps((nextProps) => {
            if (nextProps.record.resId !== this.props.record.resId) {
                return this.load(nextProps.record.resId);
            }
        });
    }

    async load(ticketId) {
        this.state.tickets = ticketId
            ? await this.orm.call("helpdesk.ticket", "read_similar_tickets", [
                  [ticketId],
              ])
            : [];
        this.state.loaded = true;
    }

    formatDate(value) {
        return value ? formatDateTime(deserializeDateTime(value)) : "";
    }

    async vote(ticket, method) {
        const viewedId = this.props.record.resId;
        await this.orm.call("helpdesk.ticket", method, [[ticket.id]], {
            context: {revo_similar_to: viewedId},
        });
        await this.load(viewedId);
    }

    async open(ticket) {
        const action = await this.orm.call("helpdesk.ticket", "action_open_ticket", [
            [ticket.id],
        ]);
        await this.action.doAction(action);
    }
}

registry.category("view_widgets").add("revo_similar_tickets", {
    component: SimilarTickets,
});
