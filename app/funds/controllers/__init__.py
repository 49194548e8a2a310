from app.funds.controllers import fund, mine, rates, reports

ROUTES = [*fund.ROUTES, *mine.ROUTES, *rates.ROUTES, *reports.ROUTES]
