from . import test_stages
from . import test_ticket_origin
from . import test_partner_reseller
from . import test_isolation
from . import test_isolation_http
from . import test_portal
from . import test_workflow_matrix
from . import test_workflow
