from . import revo_helpdesk_escalation_report
