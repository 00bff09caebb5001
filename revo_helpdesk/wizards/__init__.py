from . import revo_helpdesk_ticket_wizard
from . import revo_helpdesk_escalate
from . import revo_helpdesk_transition_wizard
from . import revo_helpdesk_ticket_update_wizard
from . import revo_helpdesk_incident_update_wizard
from . import helpdesk_ticket_duplicate_wizard
