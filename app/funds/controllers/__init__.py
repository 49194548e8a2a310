from app.funds.controllers import distribution, fund, imports, mine, proposals, rates, reports, top_up

ROUTES = [*fund.ROUTES, *mine.ROUTES, *rates.ROUTES, *imports.ROUTES, *distribution.ROUTES, *top_up.ROUTES,
          *proposals.ROUTES, *reports.ROUTES]
