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
