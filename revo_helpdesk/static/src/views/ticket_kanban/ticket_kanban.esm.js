// Copyright 2026 REVO
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {KanbanRenderer} from "@web/views/kanban/kanban_renderer";
import {kanbanView} from "@web/views/kanban/kanban_view";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

/**
 * The tickets' board. A card dropped on a column whose move asks for input
 * (a note to the client, a message, the escalation form) opens that move's
 * form, as its button would, instead of being refused; any other drop writes
 * the stage as usual and the server checks the move.
 */
export class TicketKanbanRenderer extends KanbanRenderer {
    setup() {
        super.setup();
        this.action = useService("action");
        this.orm = useService("orm");
    }

    async sortRecordDrop(dataRecordId, dataGroupId, params) {
        const action = await this.getDropFormAction(dataRecordId, dataGroupId, params);
        if (!action) {
            return super.sortRecordDrop(dataRecordId, dataGroupId, params);
        }
        const list = this.props.list;
        await this.action.doAction(action, {onClose: () => list.model.load()});
    }

    async getDropFormAction(dataRecordId, dataGroupId, {parent}) {
        const list = this.props.list;
        if (!list.isGrouped || list.groupByField.name !== "stage_id") {
            return false;
        }
        const target = list.groups.find((group) => group.id === parent?.dataset.id);
        const source = list.groups.find((group) => group.id === dataGroupId);
        const record = source?.list.records.find((rec) => rec.id === dataRecordId);
        if (!target || target === source || !record) {
            return false;
        }
        return this.orm.call(list.resModel, "action_drop_on_stage", [
            [record.resId],
            target.value,
        ]);
    }
}

registry.category("views").add("revo_helpdesk_ticket_kanban", {
    ...kanbanView,
    Renderer: TicketKanbanRenderer,
});
