# The workspace's home page: what needs the person today, their commitments and partnerships.

home-hello = Hello, { $name }
home-network-heading = The network today
home-network-health-link = Health of every partnership
home-network-empty = No partnerships are recorded yet.
home-network-partnerships = { $count ->
    [one] 1 partnership:
   *[other] { $count } partnerships:
}
home-network-healthy = { $count } doing well
home-network-needing-help = { $count } needing help
home-network-no-data = { $count } without enough records yet
home-network-no-warnings = No warning needs attention.
home-network-warnings = { $count ->
    [one] 1 warning needs attention
   *[other] { $count } warnings need attention
}
home-network-lowest = Lowest health first
home-warning-count = { $count ->
    [one] 1 warning
   *[other] { $count } warnings
}
home-needs-heading = Needs you today
home-nothing-urgent-organisation = Nothing urgent: no warning needs attention, no concern waits for an answer and no promise of your organisation is late.
home-nothing-urgent = Nothing urgent: no warning needs attention, no concern waits for an answer.
home-promises-overdue = Your organisation's promises, overdue
home-promises-due-soon = Your organisation's promises, due soon
home-needs-warnings-and-concerns = Warnings and concerns, most severe first
home-all-warnings = All warnings
home-all-concerns = All concerns
home-need-warning-detail = { $partnership } · raised { $when }
home-need-concern-late = unanswered, acknowledgement was due { $when }
home-need-concern-by = to acknowledge by { $day }
home-need-concern-overdue = Concern overdue
home-need-concern = Concern
home-surveys-heading = Surveys waiting for your answers
home-survey-anonymous = anonymous
home-survey-answer = Answer now
home-follow-ups-heading = Time to get back in touch
home-follow-ups-help = Contacts you keep in touch with, longest overdue first. A call, a visit or a check-in together starts the clock again.
home-follow-up-at = at
home-log-contact = Log contact
home-log-contact-with = {" "}with { $name }
home-never-contacted = never contacted
home-last-contacted = last contacted { $when }
home-follow-up-was-due = follow-up was due { $when }
home-show-more = Show { $count } more
home-this-week-heading = Also this week
home-this-week-email = Rapport can e-mail you about these.
home-this-week-choose = Choose your reminders
home-week-checkin = Check-in of { $partnership }
home-week-checkin-detail = { $cadence ->
    [weekly] weekly
    [fortnightly] fortnightly
    [monthly] monthly
   *[quarterly] quarterly
} check-in { $due }
home-week-goal-detail = no progress update since { $since }, { $partnership }
home-mine-heading = Your commitments
home-mine-nothing-open = Nothing open: no promises by you or your organisation are waiting.
home-mine-coordinator = No promises are yours: you do not belong to a member organisation. As a coordinator you can follow every partnership below.
home-mine-no-organisation = You do not belong to an organisation yet, so no promises are yours to keep. An owner can add you to one in Settings.
home-mine-see-needs = Those overdue or due soon are under
home-mine-open = Open
home-all-partnerships = All partnerships
home-no-partnerships = No partnerships yet.
home-add-organisations = Add the organisations
home-then = , then
home-start-partnership = start a partnership
home-between-them = between them.
home-see-all-partnerships = See all partnerships
