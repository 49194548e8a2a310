from app.funds.controllers import distribution, fund, imports, mine, rates, top_up

ROUTES = [*fund.ROUTES, *mine.ROUTES, *rates.ROUTES, *imports.ROUTES, *distribution.ROUTES, *top_up.ROUTES]
