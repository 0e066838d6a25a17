# The dashboard: every partnership's health, weakest first.

dashboard-title = Dashboard
dashboard-heading = Partnership health
dashboard-lead = Every partnership you can see, weakest first, with its health over the last twelve months and what needs attention.
dashboard-warnings-inbox = Warnings inbox
dashboard-summary = Summary
dashboard-stat-shown = { $count ->
    [one] partnership shown
   *[other] partnerships shown
}
dashboard-stat-below = with health below 50
dashboard-stat-warnings = { $count ->
    [one] open warning
   *[other] open warnings
}
dashboard-stat-no-data = without enough data yet
dashboard-filter-kind = Type
dashboard-filter-any-kind = Any type
dashboard-filter-status = Status
dashboard-filter-any-status = Any status
dashboard-filter-order = Order
dashboard-filter-show = Show
dashboard-filter-clear = Clear filters
dashboard-sort-lowest = Lowest health first
dashboard-sort-highest = Highest health first
dashboard-sort-warnings = Most warnings first
dashboard-sort-name = Name
dashboard-none-filtered = No partnership matches these filters.
dashboard-none = No partnerships yet: the dashboard fills as partners record commitments and check-ins.
dashboard-col-partnership = Partnership
dashboard-col-health = Health
dashboard-col-trend = Last 12 months
dashboard-col-warnings = Open warnings
dashboard-no-warnings = None
dashboard-note = The health index (0–100) weighs reliability, perceived trust, check-in cadence, goals and concerns over the last 180 days; open a partnership to see each part and the records behind it.
