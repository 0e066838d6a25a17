# Check-ins: a check-in's page and the form that records one.

checkin-eyebrow = Check-in
checkin-archive-confirm = Archive this check-in? It no longer counts towards the cadence; its action items stay.
checkin-present = Present
checkin-people = People
checkin-not-recorded = Not recorded
checkin-agenda = Agenda
checkin-no-agenda = No agenda recorded.
checkin-notes = Notes
checkin-no-notes = No notes recorded.
checkin-decisions-heading = Decisions
checkin-no-decisions = No decisions recorded.
checkin-action-items = Action items
checkin-no-action-items = No action items came out of this check-in.

checkin-form-heading = Record a check-in
checkin-form-held-on = Date of the meeting
checkin-form-organisations = Organisations present
checkin-form-people = People present
checkin-form-contacts = Contacts present
checkin-form-contacts-hint = Each contact ticked is logged as met on this day, which resets their follow-up
checkin-form-notes-hint = What was discussed, candidly
checkin-form-action-items-hint = Each becomes a commitment with its own due date. Leave unused rows empty.
checkin-form-action-item = Action item { $number }
checkin-form-what = What
checkin-form-choose = Choose
checkin-form-to = To
checkin-form-more-rows = + More action item rows
checkin-form-save = Save check-in

# Correcting a check-in.
checkin-edit-title = Correct check-in
checkin-edit-crumb = Check-in of { $day }
checkin-edit-heading = Correct this check-in
checkin-edit-lead = Put right who was there and what was noted and decided. The date and the action items stay as recorded (each action item is a commitment: correct it on its own page). The correction is kept in the check-in's history.
checkin-edit-save = Save correction
