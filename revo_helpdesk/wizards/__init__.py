from . import revo_helpdesk_ticket_wizard
from . import revo_helpdesk_escalate
from . import revo_helpdesk_move
from . import revo_helpdesk_ticket_update
from . import revo_helpdesk_incident_update
from . import helpdesk_ticket_duplicate_wizard
