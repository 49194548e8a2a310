from app.operations.grievances.controllers import complaints, lists

ROUTES = [*lists.ROUTES, *complaints.ROUTES]
