from app.funds.controllers import fund, mine, proposals, rates

ROUTES = [*fund.ROUTES, *mine.ROUTES, *rates.ROUTES, *proposals.ROUTES]
