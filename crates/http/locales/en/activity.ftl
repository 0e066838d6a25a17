# The workspace's activity log: who changed what, and when. The English summaries read exactly
# as the store writes them (the API keeps those).

activity-heading = Activity log
activity-lead = Who changed what, and when. Entries are only ever added.
activity-none = Nothing recorded yet.
activity-when = When
activity-who = Who
activity-what = What
activity-record = Record
activity-pages = Pages
activity-older = Older →

activity-record-organization = Organisation
activity-record-commitment = Commitment
activity-record-checkin = Check-in
activity-record-goal = Goal
activity-record-milestone = Milestone
activity-record-concern = Concern
activity-record-survey-wave = Survey wave
activity-record-contribution = Contribution
activity-record-kudos = Kudos
activity-record-retrospective = Retrospective
activity-record-agreement = Agreement

activity-goal-progress = updated a goal's progress
activity-commitment-made = made a commitment
activity-commitment-corrected = corrected a commitment
activity-commitment-archived = archived a commitment
activity-commitment-marked-done = marked a commitment done
activity-commitment-marked-renegotiated = marked a commitment renegotiated
activity-commitment-marked-cancelled = marked a commitment cancelled by agreement
activity-kudos-sent = sent kudos
activity-retro-held = held a retrospective
activity-retro-item-added = added “{ $kind }” to a retrospective
activity-concern-raised-shared = raised a shared concern
activity-concern-raised-private = raised a private concern
activity-concern-moved = moved a concern from { $from } to { $to }
activity-link-added = linked the document “{ $title }”
activity-link-removed = removed the link to “{ $title }”
activity-contribution-recorded = recorded a contribution: { $quantity } ({ $kind })
activity-agreement-recorded = recorded the { $kind } “{ $title }” ({ $status })
activity-agreement-changed = changed { $what }
activity-agreement-changed-status = changed { $what }: { $from } → { $to }
activity-agreement-archived = archived the agreement “{ $title }”
activity-part-kind = the kind
activity-part-title = the title
activity-part-parties = the parties
activity-part-signed-on = the day it was signed
activity-part-starts-on = the start date
activity-part-ends-on = the end date
activity-part-renewal-notice = the renewal notice
activity-part-status = the status
activity-part-document = the document link
activity-part-notes = the notes
