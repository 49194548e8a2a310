from app.funds.controllers import fund, mine, rates

ROUTES = [*fund.ROUTES, *mine.ROUTES, *rates.ROUTES]
