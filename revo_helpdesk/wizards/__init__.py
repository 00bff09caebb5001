from . import revo_helpdesk_escalate
from . import revo_helpdesk_move
