# The workspace's list of agreements, and an agreement's own page with its history.

agreements-across = Across the workspace
agreements-list-lead = Every partnership agreement you can see, those ending soonest first. Open-ended agreements come last.
agreements-chart-heading = Ending in the coming year
agreements-chart-label = Days until each agreement ends
agreements-chart-lapsed = { $count ->
    [one] lapsed 1 day ago
   *[other] lapsed { $count } days ago
}
agreements-chart-today = ends today
agreements-chart-ends-in = { $count ->
    [one] ends in 1 day
   *[other] ends in { $count } days
}
agreements-chart-bar = { $title }: { $when }
agreements-list-none = No agreements recorded yet. Record them from each partnership's page.
agreements-col-agreement = Agreement
agreements-col-partnership = Partnership
agreements-col-runs = Runs
agreements-col-standing = Standing

agreement-terms = Terms
agreement-status = Status
agreement-signed = Signed
agreement-not-signed = not signed yet
agreement-renewal-notice-heading = Renewal notice
agreement-notice = { $count ->
    [one] 1 day before its end: from { $from }
   *[other] { $count } days before its end: from { $from }
}
agreement-notice-none = none: the agreement is open-ended
agreement-no-link = no link yet
agreement-history = History
agreement-change = Change this agreement
agreement-archive = Archive this agreement
agreement-archive-note = For one recorded by mistake or no longer worth tracking: it leaves the lists, warnings, reminders and calendars.
