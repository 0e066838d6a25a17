# Partnerships: their list and the partnership's own page.

partnership-new = New partnership
partnerships-archived-heading = Archived partnerships
partnerships-status = Status
partnerships-any-status = Any status
partnerships-kind = Type
partnerships-any-kind = Any type
partnerships-filter = Filter
partnerships-show-current = Show current partnerships
partnerships-show-archived = Show archived
partnerships-import = Import from CSV
partnerships-none-match = No partnerships match these filters.
partnerships-none-match-page = No partnerships match these filters on this page.
partnerships-none-archived = No partnership is archived.
partnerships-none-yet = No partnerships yet. A partnership brings two or more organisations together around a shared vision.
partnerships-start-first = Start the first one
partnerships-not-part = You are not part of a partnership yet.
partnerships-col-partnership = Partnership
partnerships-col-meets = Meets
partnerships-more = More partnerships →
cadence-meets-lower = { $cadence ->
    [weekly] meets weekly
    [fortnightly] meets fortnightly
    [monthly] meets monthly
   *[quarterly] meets quarterly
}
partnership-chip-archived = Archived
cadence-meets = { $cadence ->
    [weekly] Meets weekly
    [fortnightly] Meets fortnightly
    [monthly] Meets monthly
   *[quarterly] Meets quarterly
}
partnership-no-checkin-yet = No check-in recorded yet
partnership-checkin-overdue = Check-in overdue
partnership-checkins-on-track = Check-ins on track
partnership-last-checkin = Last check-in { $day } ({ $when })
partnership-next-checkin = Next expected { $day } ({ $when })

# Goals and their milestones, as the partnership's page lists them.
milestone-met-on = met { $day }
milestone-met = Met
milestone-met-late = Met late
milestone-not-met = Not met
milestone-coming-up = Coming up
milestone-planned = Planned
goal-measure-now = { $value } now
goal-measure-from-towards = from { $baseline } towards { $target }
goal-measure-target = target { $target }
goal-measure-baseline = baseline { $baseline }

# The partnership's page.
partnership-record-checkin = Record check-in
partnership-edit = Edit
partnership-restore = Restore
partnership-archive = Archive
partnership-archive-confirm = Archive { $name }? It leaves the lists; its history stays and you can restore it.
partnership-feed = Calendar feed
partnership-feed-confirm = Publish a calendar feed of { $name }? If it already has one, the old link stops working.
partnership-on-this-page = On this page
partnership-goals = Goals
partnership-commitments = Commitments
partnership-open-count = { $count } open
partnership-checkins = Check-ins
partnership-contributions = Contributions
partnership-timeline = Timeline
partnership-vision = Shared vision
partnership-no-vision = No shared vision written yet.
partnership-write-vision = Write it together
partnership-vision-history = { $count ->
    [one] Revision history (1 version)
   *[other] Revision history ({ $count } versions)
}
partnership-members = Members
partnership-add-goal = Add goal
partnership-csv-of-goals = {" "}of the goals
partnership-no-goals = No goals yet. Shared goals that are specific and measurable keep everyone pulling the same way.
goal-progress-label = Progress towards the target
goal-progress-of-the-way = { $percent } % of the way
goal-owner = Owner: { $owner }
goal-shared = Shared by all members
goal-due = due { $due }
goal-milestones = Milestones
partnership-add-commitment = Add commitment
partnership-csv-of-commitments = {" "}of the commitments
partnership-no-commitments = No commitments yet. Record who promised what to whom, and by when: kept promises are how trust grows.
partnership-group-overdue = Overdue
partnership-group-due-soon = Due soon
partnership-group-open = Open
partnership-group-closed = Done and closed
partnership-csv-of-checkins = {" "}of the check-ins
partnership-no-checkins = No check-ins recorded yet. Regular, candid check-ins are where partners revisit goals and clear up roles.
checkin-attended = Attended:
checkin-decisions = Decisions:
checkin-action-items-became = { $count ->
    [one] 1 action item became commitments
   *[other] { $count } action items became commitments
}

# The partnership page's agreements.
agreements-heading = Agreements
agreements-record-or-change = Record or change an agreement
agreements-all = All agreements
agreements-none = No agreements recorded. A memorandum of understanding or a data-sharing agreement, with its end date, lets Rapport remind the partners to decide on renewal in time.
agreement-signed-document = Signed document
agreement-signed-document-of = {" "}of { $title } (opens in a new tab)
agreement-chip-lapsed = Lapsed: still marked in force
agreement-chip-ending = Ending: decide on renewal
agreement-term-open-ended = from { $from } · open-ended
agreement-term = { $from } to { $to } ({ $when })

# A goal's page, its form and a milestone's form.
goal-eyebrow = Goal
goal-edit = Edit goal
goal-new = New goal
goal-archive-confirm = Archive this goal? Its history stays.
goal-about = The goal
goal-measure = Measure
goal-no-measure = No measure set.
goal-progress = Progress
goal-owner-label = Owner
goal-due-label = Due
goal-no-date = No date set.
goal-why = Why it matters
goal-not-written = Not written yet.
goal-record-progress = Record progress
goal-how-confident = How confident are you it will be reached?
goal-value-now = Value now
goal-value-now-hint = Optional: the measure's latest value
goal-comment = Comment
goal-comment-hint = What changed, what is in the way
goal-add-milestone = Add milestone
goal-no-milestones = No milestones yet. Milestones break the goal into steps you can celebrate.
goal-updates = Progress updates
goal-no-updates = No progress recorded yet.
goal-form-lead = A good goal is specific, measurable, owned, relevant to the shared vision, and has a date.
goal-form-statement-hint = What the partners will achieve, e.g. Every 3rd grader reads 20 minutes a day with a buddy
goal-form-measure-legend = How you will measure it
goal-form-metric-hint = e.g. Average daily attendance
goal-form-unit = Unit
goal-form-unit-hint = e.g. %, families, books
goal-form-baseline = Starting value
goal-form-target = Target
goal-form-now = Now
goal-form-owner-hint = Who keeps this goal moving
goal-form-due = Due date
goal-form-relevance-hint = How this goal serves the partnership's shared vision
goal-form-save = Save goal
milestone-due = Due { $day }
milestone-mark-met = Mark met
milestone-new = New milestone
milestone-edit-heading = Edit milestone
milestone-crumb = Goal: { $goal }
milestone-form-title = Milestone
milestone-form-title-hint = A step you can see, e.g. First family reading night held
milestone-form-met-on = Met on
milestone-form-met-on-hint = Leave empty until it is met
milestone-save = Save milestone
milestone-archive-confirm = Archive this milestone? It no longer counts towards the goal.
milestone-archive = Archive this milestone

# The shared vision's history.
vision-history-heading = Shared vision: history
vision-history-lead = Every version of the vision, newest first.
vision-current = Current
vision-when-by = { $when } · by { $by }
vision-cleared = (The vision was cleared.)
vision-no-versions = No versions recorded.

# The form that sets up or changes a partnership.
partnership-form-edit = Edit { $name }
partnership-form-name = Name
partnership-form-name-hint = e.g. Reading Buddies: Lincoln Elementary and Eastside Library
partnership-form-cadence-hint = How often the partners mean to meet
partnership-form-started = Started on
partnership-form-started-hint = When the partners began working together, if before today: health counts from then.
partnership-form-vision-hint = What the partners want to achieve together, in their own words. Every change is kept in the vision's history.
partnership-form-members = Member organisations
partnership-form-members-hint = At least two. Their role says what each does, e.g. "lead", "host site", "funder".
partnership-form-no-organisations = There are no organisations yet.
partnership-form-add-organisations = Add organisations first.
partnership-form-organisation = Organisation { $number }
partnership-form-organisation-choice = { $name } ({ $kind })
partnership-form-none = — none —
partnership-form-role = Role
partnership-form-optional = (optional)
partnership-form-more-rows = + More member rows
partnership-form-save = Save changes
partnership-form-create = Create partnership

# Retrospectives: holding one, and its page.
retro-eyebrow = Retrospective
retro-nothing-yet = Nothing yet.
retro-add-heading = Add to the retrospective
retro-what-is-it = What is it?
retro-in-your-words = In your words
retro-who-acts = Who takes the action on
retro-who-acts-hint = Only for a follow-up action: it becomes their commitment
retro-by-when = By when
retro-by-when-hint = Only for a follow-up action
retro-anonymously = Add it anonymously: nobody, coordinators included, can see who wrote it
retro-add = Add
retro-anonymous = Anonymous
retro-became-commitment = { $by } · became a commitment
retro-hold = Hold a retrospective
retro-form-lead = Look back together, without finger-pointing: what went well, what did not, what you learned, and what to do next.
retro-form-title = Title
retro-form-title-hint = e.g. Spring term, or After the first family reading night
retro-form-trigger = Looking back on
retro-form-milestone-hint = Only after a milestone
retro-form-choose-milestone = Choose a milestone
retro-form-held-on = Held on
retro-form-start = Start retrospective
retro-milestone-choice = { $title } (due { $day })
retro-trigger-milestone = After a milestone
retro-trigger-phase = After a phase
retro-trigger-on-demand = On demand
retro-item-went-well = Went well
retro-item-did-not-go-well = Did not go well
retro-item-lesson = Lesson learned
retro-item-follow-up = Follow-up action

# A partnership's contributions and their balance.
contributions-eyebrow = Contributions and equity
contributions-lead = What each member brings, over the last { $span }.
contributions-balance = Balance
contributions-member = Member
contributions-share = Share
contributions-explained = Hours, money and in-kind help cannot be added together, so the overall share counts contributions; the table below compares amounts within each kind. The balance is 100 when every member contributes as often as the others and 0 when one member does it all.
contributions-balance-year = Balance over the year
contributions-by-kind = Shares by kind
contributions-none = No contributions in the last { $span }.
contributions-record = Record a contribution
contributions-by = Contributed by
contributions-choose-member = Choose a member
contributions-amount = Amount
contributions-unit-hint = hours, USD, rooms…
contributions-on = On
contributions-note = Note
contributions-record-button = Record contribution
contributions-ledger = Ledger
contributions-nothing = Nothing recorded yet.
contributions-all-by-number = All contributions (by number)
contributions-balance-of-100 = { $value } of 100
contributions-balance-no-data = Not enough data: record contributions from each member to see how the load is shared.
contributions-balance-even = The load is shared fairly evenly.
contributions-balance-uneven = One member carries noticeably more than the others.
contributions-balance-one-sided = One member carries most of the load: worth talking about how others can contribute.
contributions-share-chart = Each member's share of the contributions
contributions-trend-chart = Balance of contributions
contribution-kind-staff-hours = Staff hours
contribution-kind-volunteer-hours = Volunteer hours
contribution-kind-money = Money
contribution-kind-in-kind = In-kind
contribution-kind-facilities = Facilities
contribution-kind-data = Data
contribution-kind-expertise = Expertise
contribution-kind-community-connections = Community connections
contribution-unit-hours = hours
contribution-unit-times = times

# A partnership's timeline.
timeline-from = From
timeline-to = To
timeline-apply = Apply
timeline-show-everything = Show everything
timeline-nothing = Nothing to show.
timeline-nothing-for-filter = Nothing to show for this filter.
timeline-newest = ← Newest
timeline-older = Older →
timeline-kind-check-in = Check-in
timeline-kind-commitment-made = Commitment made
timeline-kind-commitment-kept = Commitment kept
timeline-kind-commitment-renegotiated = Commitment renegotiated
timeline-kind-commitment-cancelled = Commitment cancelled
timeline-kind-commitment-missed = Commitment missed
timeline-kind-milestone-met = Milestone met
timeline-kind-concern = Concern
timeline-kind-kudos = Kudos
timeline-kind-contribution = Contribution
timeline-kind-vision-revised = Vision revised
timeline-kind-retrospective = Retrospective
timeline-kind-survey-wave = Survey wave
timeline-kind-agreement = Agreement
timeline-an-organisation = An organisation
timeline-checkin = Check-in: { $agenda }
timeline-checkin-held = Check-in held
timeline-promised = { $who } promised: { $description }
timeline-kept = { $who } kept its promise: { $description }
timeline-kept-late = { $who } kept its promise (late): { $description }
# $iso is the day as 2026-12-04, $day as Fri 4 Dec 2026.
timeline-renegotiated-to = { $who } renegotiated to { $iso }: { $description }
timeline-renegotiated = { $who } renegotiated: { $description }
timeline-cancelled = Cancelled by agreement: { $description }
timeline-missed = { $who } missed a promise: { $description }
timeline-milestone-met = Milestone met: { $title }
timeline-concern = Concern { $state }: { $title }
timeline-kudos = Kudos to { $to }
timeline-kudos-partner = Kudos to a partner
# $amount_en is the amount as the API writes it (12.50 USD), $amount as the language does.
timeline-contribution = { $who } contributed { $amount_en } ({ $kind })
timeline-vision-revised = Shared vision revised
timeline-retrospective = Retrospective: { $title }
timeline-survey-opened = Pulse survey opened: { $title }
timeline-survey-closed = Pulse survey closed: { $title }
timeline-agreement-signed = { $kind } signed: { $title }
timeline-agreement-drafted = { $kind } recorded as a draft: { $title }
timeline-agreement-finished = { $kind } { $status }: { $title }
timeline-retro-went-well = { $count } went well
timeline-retro-did-not-go-well = { $count } did not go well
timeline-retro-lesson = { $count } lesson learned
timeline-retro-follow-up = { $count } follow-up action

# A partnership's agreements and the form that records one.
agreements-page-lead = What the partners signed, until when, and where the signed copy is kept.
agreements-every = Every agreement in the workspace
agreements-ending-soonest = Agreements, ending soonest first
agreements-none-yet = No agreements recorded yet.
agreement-opens-new-tab = {" "}(opens in a new tab)
agreements-record = Record an agreement
agreements-record-button = Record agreement
agreement-title-hint = e.g. Memorandum of understanding 2026–2028
agreement-parties = Parties
agreement-parties-hint = The member organisations that signed it, or will.
agreement-starts-on = Starts on
agreement-ends-on = Ends on
agreement-ends-on-hint = Leave empty if open-ended.
agreement-signed-on = Signed on
agreement-renewal-notice = Renewal notice (days)
agreement-renewal-notice-hint = How long before the end to start talking about renewal.
agreement-document-url = Link to the signed document
agreement-document-url-hint = An http:// or https:// address where the partners keep it. Rapport stores no files.
