from . import res_partner
from . import res_users
from . import helpdesk_ticket_stage
from . import helpdesk_ticket_team
from . import helpdesk_ticket
from . import revo_helpdesk_transition
from . import revo_helpdesk_release
from . import revo_helpdesk_ticket_move
