# The trust engine's words: the partnership page's health and trust panel, early warnings with
# their reasons and next steps, the warnings inbox, a warning's page, and reliability.

trust-heading = Health and trust
trust-warnings-link = Warnings for this partnership
trust-health-index = Health index
trust-last-twelve-months = Last twelve months
trust-rests-on = What the index rests on
trust-keeps-word = Who keeps their word here
trust-early-warnings = Early warnings
trust-no-data = No data
trust-chart-label = The health index
trust-weight-counted = weight { $weight } → { $share } of the index
trust-weight-not-counted = weight { $weight }, not counted
# $missing names the components without data: "Goals and Concerns".
trust-note-missing = { $count ->
    [one] { $missing } has no data yet, so the index is the weighted mean of the other components.
   *[other] { $missing } have no data yet, so the index is the weighted mean of the other components.
}
health-component-reliability = Reliability
health-component-perceived-trust = Perceived trust
health-component-cadence = Check-in cadence
health-component-goals = Goals
health-component-concerns = Concerns

# What a health component's value rests on.
health-outcomes = { $count ->
    [one] 1 commitment outcome
   *[other] { $count } commitment outcomes
}
health-reliability = Expected reliability { $expected } ({ $level } credible range { $low }–{ $high }) from { $outcomes }, recent ones weighing most
health-too-little-evidence = Not enough evidence yet: { $outcomes } so far, weighing { $weight } of the { $needed } needed
health-no-survey = No pulse survey has closed yet; perceived trust counts once one has
# $closed is the day as 2026-03-31, $closed_day as 31 March 2026.
health-survey-trust = { $percent } network trust in the survey that closed on { $closed }
health-survey-too-few = The survey that closed on { $closed } had too few respondents to show results without risking anyone's anonymity
health-cadence-too-early = Too early to tell: a { $cadence } cadence expects the first check-in after { $days } days
health-checkins-held = { $held } of { $expected } expected check-ins held { $window } ({ $cadence } cadence)
health-window-last = in the last { $span }
health-window-since = since the partnership began { $span } ago
health-milestones = { $count ->
    [one] 1 milestone
   *[other] { $count } milestones
}
health-open-goals = { $count ->
    [one] 1 open goal
   *[other] { $count } open goals
}
health-goals-milestones = { $on_time } of { $due } due { $window } met on time
health-goals-both = { $milestones }; mean confidence { $mean } across { $goals } with a progress update
health-goals-milestones-only = { $milestones }; no open goal has a progress update yet
health-goals-confidence-only = Mean confidence { $mean } across { $goals } with a progress update; no milestone was due { $window }
health-goals-none = No milestone was due { $window } and no open goal has a progress update yet
health-concerns-too-young = Counts once the partnership is { $min } days old; it is { $age }
health-concerns-past = { $count ->
    [0] No open concern is past its acknowledgement deadline
    [one] 1 open concern is past its acknowledgement deadline
   *[other] { $count } open concerns are past their acknowledgement deadline
}

# Reliability, as the trust panel and an organisation's ledger show it.
reliability-too-early = Too early to say
reliability-too-few = fewer than 3 promises have come due recently enough to judge
reliability-range = { $level } likely between { $low } and { $high }
reliability-nothing-due = no promise has come due yet
reliability-evidence = from the promises that came due, recent ones counting most: worth about { $kept } kept and { $not_kept } not kept
reliability-none = none
reliability-less-than-one = less than one
reliability-weighted = Weighted outcomes: kept r = { $r }, not kept s = { $s } (each outcome weighs 1 on its day and halves with every half-life since).
reliability-numbers = { $weighted } Expected reliability (r + 1) / (r + s + 2) = { $expected }; the { $level } range is the equal-tailed credible interval of Beta(r + 1, s + 1): { $low } to { $high }.
reliability-numbers-too-early = { $weighted } An estimate needs r + s of at least 3.
chart-interval = { $label }: { $expected } expected, { $level } likely between { $low } and { $high }
chart-interval-none = { $label }: not enough evidence yet
# A trend chart's words for screen readers; $what is what it draws.
chart-trend-went = { $what } went from { $first } at the end of { $first_month } to { $last } on { $last_day }
chart-trend-was = { $what } was { $value } on { $day }; not enough data before
chart-trend-none = Not enough data yet to draw { $what }
chart-month-year = { $month } { $year }
chart-point = { $day } { $month } { $year }
chart-month-jan = Jan
chart-month-feb = Feb
chart-month-mar = Mar
chart-month-apr = Apr
chart-month-may = May
chart-month-jun = Jun
chart-month-jul = Jul
chart-month-aug = Aug
chart-month-sep = Sep
chart-month-oct = Oct
chart-month-nov = Nov
chart-month-dec = Dec

# An early warning as its card shows it.
warning-next-step = Next step:
warning-send-kudos = Send kudos
warning-records-behind = Records behind it:
warning-records-commitments = Commitments
warning-records-checkins = Check-ins
warning-records-goals = Goals
warning-records-milestones = Milestones
warning-records-organisation = Organisation
warning-records-concerns = Concerns
warning-records-survey-waves = Survey waves
warning-records-contributions = Contributions
warning-records-kudos = Kudos
warning-records-retrospectives = Retrospectives
warning-records-agreements = Agreements
warning-records-profile = profile
warning-raised = raised { $when }
warning-state-acknowledged = Acknowledged: { $reason }
warning-state-snoozed = Snoozed until { $day }
warning-state-no-longer = { $state } · no longer applies since { $day }
warning-no-longer = No longer applies since { $day }

# Why Rapport raised a warning. Days and counts come written out ("3 days"); $day-like
# arguments as 9 June 2026, those ending in _iso as 2026-06-09.
warning-missed-recently = { $count ->
    [one] 1 commitment became missed in the last { $window }; the oldest, by { $by }, is { $overdue } overdue.
   *[other] { $count } commitments became missed in the last { $window }; the oldest, by { $by }, is { $overdue } overdue.
}
warning-one-overdue = A commitment by { $by } is { $overdue } overdue and not yet done.
warning-several-missed = { $count } commitments are missed and not yet done; the oldest, by { $by }, is { $overdue } overdue.
warning-no-checkin-since = No check-in for { $gap } since the last one on { $last }: at least { $factor } times the { $cadence } cadence.
warning-no-checkin-yet = No check-in has been recorded in the { $gap } since the partnership began, though it meets on a { $cadence } cadence.
warning-trust-fell = Perceived trust fell from { $before } to { $after } between the surveys that closed on { $previous_iso } and { $latest_iso }.
warning-reliability-fell = Expected reliability fell from { $before } to { $after } in the last { $span }.
warning-goal-near-due = “{ $goal }” is marked { $confidence } with { $left } to its due date.
warning-goal-past-due = “{ $goal }” is marked { $confidence } and { $past } past its due date.
warning-goal-behind = “{ $goal }” is { $progress } of the way to its target with { $elapsed } of its time gone.
warning-goal-marked = “{ $goal }” is marked { $confidence }.
warning-concern-waiting = A concern raised on { $raised } has waited { $waited } for acknowledgement; the deadline was { $deadline }.
warning-kept-most = { $by } kept { $mine } of the { $count } commitments kept in the last { $span } ({ $share }).
warning-made-most = { $by } made { $share } of the contributions recorded in the last { $span }.
warning-quiet-partner = { $count ->
    [one] { $name } has not been at the last check-in, since { $since }.
   *[other] { $name } has not been at the last { $count } check-ins, since { $since }.
}
warning-milestone-unthanked = Milestone “{ $milestone }” was met on { $met } and nobody has said thank you yet.
warning-on-time-streak = { $by } has kept its last { $count } commitments on time.
warning-agreement-lapsed = The agreement “{ $agreement }” ended { $ago } ago ({ $ended_iso }) but is still marked in force: the partners work without a current agreement.
warning-agreement-ending = The agreement “{ $agreement }” ends { $when } ({ $ends_iso }): time to decide on renewal.

# What partners can do about a warning.
action-commitments = Schedule a short check-in to revisit roles and deadlines, and renegotiate openly any date that can no longer be met rather than letting it lapse.
action-cadence = Put the next check-in in the calendar now: a short, regular conversation keeps everyone informed and catches problems while they are small.
action-trust-fell = Open the next check-in with a candid conversation about what is and is not working, listen before proposing fixes, and agree one concrete change together.
action-reliability-fell = Review open commitments together: renegotiate before the due date any that cannot be met, and share difficult news early rather than late.
action-goal = Revisit this goal together at the next check-in: confirm its milestones and who owns each, and agree whether the plan or the target needs to change.
action-concern = Acknowledge the concern now, even briefly, and agree when to talk it through; if the conversation is stuck, name a neutral mediator.
action-one-sided = Talk openly about how the work is shared: recognise what each partner brings, and agree roles so that every member carries a fair part.
action-quiet-partner = Reach out to { $name } personally to ask how the partnership is working for them, and invite them to help shape the next check-in's agenda.
action-milestone = Send kudos to the people behind this milestone and share the news with the whole partnership: small wins celebrated together build trust.
action-streak = Send kudos to { $by } for keeping its word, and tell them what their follow-through made possible.
action-agreement = Meet to revisit the shared goals together before renewing: what the agreement made possible, what should change, and who signs what by when.

# The warnings inbox and a warning's page.
warnings-title = Warnings
warnings-all = All warnings
warnings-inbox = Warnings inbox
warnings-lead = Early signs that a partnership needs attention, each with the records behind it and a next step. Good news is here too.
warnings-kind = Kind
warnings-any-kind = Any kind
warnings-severity = Severity
warnings-any-severity = Any severity
warnings-include-history = Include acknowledged, snoozed and past warnings
warnings-show = Show
warnings-show-all = Show the whole inbox
warnings-none-match = No warning matches.
warnings-none = Nothing needs attention right now.
warning-acknowledge = Acknowledge
warning-acknowledge-hint = Say what is being done; the warning leaves the inbox and stays in the history with your note.
warning-what-is-done = What is being done about it
warning-snooze = Snooze
warning-snooze-hint = Hide it until a day; it comes back then if it still applies.
warning-snooze-until = Snooze until
warning-why-optional = Why (optional)
warning-out-of-inbox = This warning is out of the inbox.
warning-put-back = Put it back in the inbox

# An organisation's reliability page.
reliability-title = Reliability of { $name }
reliability-lead = How well { $name } keeps the commitments it makes. Recent outcomes weigh most: an outcome counts half as much after { $span }.
reliability-lead-as-of = How well { $name } keeps the commitments it makes, as things stood on { $day }. Recent outcomes weigh most: an outcome counts half as much after { $span }.
reliability-as-of = As of
reliability-overall = Overall
reliability-the-numbers = The numbers
reliability-twelve-months = The last twelve months
reliability-trend-explained = Expected reliability at the end of each month, from the records as they stood then. Gaps mean too little evidence that month.
reliability-towards-each = Towards each partner
reliability-no-counterparts = No commitment to another organisation has an outcome yet.
reliability-promised-to = Promised to
reliability-expected = Expected
reliability-range-heading = Range
reliability-behind = The commitments behind it
reliability-nothing-due-yet = No commitment you can see has come due yet.
reliability-commitment = Commitment
reliability-to = To
reliability-outcome = Outcome
reliability-counts-now = Counts now
reliability-rules = A promise counts in full on the day of its outcome and half as much { $span } later. Kept on time counts as kept; kept late counts half kept, half not; missed (3 days past due) counts as not kept. Renegotiated before the due date or cancelled by agreement counts for nothing.
reliability-outcome-on-time = kept on time
reliability-outcome-late = kept late
reliability-outcome-missed = missed
reliability-outcome-none = no evidence yet
reliability-whole-partnership = the whole partnership
reliability-chart-label = { $name }'s expected reliability
chart-share-of-answers = { $label }: { $percent } of answers
