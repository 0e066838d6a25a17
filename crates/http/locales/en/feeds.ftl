# Calendar feeds: the events' titles, descriptions and categories, in the feed owner's language.

feed-checkin = Check-in: { $partnership }
feed-checkin-of = Check-in of { $partnership }.
feed-agenda = Agenda: { $agenda }
feed-decisions = Decisions: { $decisions }
feed-category-checkin = Check-in
feed-checkin-due = Check-in due: { $partnership }
feed-checkin-overdue = Check-in overdue: { $partnership }
feed-checkin-due-description = { $partnership } check-ins are due by the partnership's cadence ({ $cadence }).
feed-category-checkin-due = Check-in due
feed-commitment = { $prefix }: { $description } ({ $promisor })
feed-commitment-done = Done
feed-commitment-done-late = Done late
feed-commitment-cancelled = Cancelled
feed-commitment-missed = Missed
feed-commitment-overdue = Overdue
feed-commitment-due = Due
feed-commitment-promised = { $promisor } promised { $promisee }, in { $partnership }: { $description }
feed-commitment-status = Status: { $status }.
feed-the-partnership = the partnership
feed-former-member = a former member
feed-category-commitment = Commitment
feed-agreement-ends = Agreement ends: { $title } ({ $partnership })
feed-agreement-ends-description = { $kind } of { $partnership } ends.
feed-renewal-notice = Renewal notice: { $title } ({ $partnership })
feed-renewal-notice-description = { $count } days before it ends on { $ends }: revisit the shared goals together before renewing.
feed-category-agreement = Agreement
