# The closed vocabularies: kinds and statuses of partnerships, commitments, goals, concerns,
# warnings and reminders, as chips and lists show them.

partnership-kind-school-community = School–community
partnership-kind-higher-ed-k12 = Higher-ed–K12
partnership-kind-inter-school = Inter-school
partnership-kind-other = Other

partnership-status-exploring = Exploring
partnership-status-forming = Forming
partnership-status-active = Active
partnership-status-renewing = Renewing
partnership-status-paused = Paused
partnership-status-ended = Ended

cadence-weekly = Weekly
cadence-fortnightly = Fortnightly
cadence-monthly = Monthly
cadence-quarterly = Quarterly

commitment-status-open = Open
commitment-status-due-soon = Due soon
commitment-status-overdue = Overdue
commitment-status-missed = Missed
commitment-status-done = Done
commitment-status-done-late = Done late
commitment-status-cancelled = Cancelled

confidence-on-track = On track
confidence-at-risk = At risk
confidence-off-track = Off track


severity-positive = Good news
severity-info = Worth a look
severity-warning = Needs attention
severity-critical = Urgent

reminder-kind-commitment-due = Commitments due soon
reminder-kind-commitment-overdue = Overdue commitments
reminder-kind-check-in-due = Check-ins due
reminder-kind-survey-to-answer = Surveys to answer
reminder-kind-concern-to-acknowledge = Concerns awaiting acknowledgement
reminder-kind-goal-review = Goals to review
reminder-kind-follow-up = Contacts to follow up
reminder-kind-agreement-ending = Agreements to renew

confidence-none = No update yet
# A concern's severity, by its code.
concern-severity-of = { $severity ->
    [low] Low severity
    [medium] Medium severity
   *[high] High severity
}

warning-kind-commitments-overdue = Commitments overdue
warning-kind-cadence-slipping = Cadence slipping
warning-kind-trust-falling = Trust falling
warning-kind-goal-at-risk = Goal at risk
warning-kind-concern-unanswered = Concern unanswered
warning-kind-one-sided-partnership = One-sided partnership
warning-kind-quiet-partner = Quiet partner
warning-kind-win-to-celebrate = Win to celebrate
warning-kind-agreement-ending = Agreement ending

concern-state-raised = Raised
concern-state-acknowledged = Acknowledged
concern-state-in-dialogue = In dialogue
concern-state-in-mediation = In mediation
concern-state-resolved = Resolved
concern-state-withdrawn = Withdrawn
concern-severity-low = Low
concern-severity-medium = Medium
concern-severity-high = High

agreement-kind-memorandum = Memorandum of understanding
agreement-kind-data-sharing = Data-sharing agreement
agreement-kind-facility-use = Facility-use agreement
agreement-kind-funding = Funding agreement
agreement-kind-other = Other agreement
agreement-status-draft = Draft
agreement-status-in-force = In force
agreement-status-expired = Expired
agreement-status-ended = Ended
organization-kind-school = School
organization-kind-district = District
organization-kind-nonprofit = Nonprofit
organization-kind-higher-education = Higher education
organization-kind-business = Business
organization-kind-government = Government
organization-kind-library = Library
organization-kind-faith = Faith organisation
organization-kind-family-group = Family group
organization-kind-other = Other
