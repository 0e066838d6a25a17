# Error pages.

error-status = Error { $status }
error-home = Go to your home page
error-csrf-heading = This form has expired
error-csrf-message = Nothing was saved. Go back, reload the page and try again. (The form did not carry this session's security token, which happens after signing out or in another tab.)
error-foreign-heading = Sent from another website
error-foreign-message = This form was sent from another website, so Rapport ignored it and changed nothing. Open Rapport directly and try again there.
error-not-found-heading = Page not found
error-not-found-message = There is nothing here, or it is not shared with you. Check the link, or start again from your home page.
error-forbidden-heading = You cannot do this
error-forbidden-message = Your role does not allow it: { $why }.
error-stale-heading = Someone else changed this first
error-conflict-heading = That clashes with what is already recorded
error-invalid-heading = Something in the form is not right
error-bad-request-heading = The request was not understood
error-too-large-heading = That is more than Rapport takes at once
error-busy-heading = Rapport is busy right now
error-busy-message = Nothing was changed. Please wait a few seconds and try again.
error-throttled-heading = Too many attempts
error-throttled-message = { $why } Nothing was changed.
error-internal-heading = Something went wrong on our side
error-internal-message = It has been logged. Please try again in a moment.

# Why the app refuses something: its fixed reasons, as it writes them in English (ui/refusals.rs).

why-observers = observers can read but not change anything
why-coordinators = only coordinators and owners can do this
why-survey-settings = only coordinators and owners can change how a partnership is surveyed
why-survey-close = only coordinators and owners can close a survey
why-survey-links = only coordinators and owners can hand out survey links
why-survey-send = only coordinators and owners can send surveys
why-import = only coordinators and owners can import
why-webhooks = only coordinators and owners can manage webhooks
why-feed = only coordinators and owners can publish a partnership's calendar feed
why-activity = only coordinators and owners can read the activity log
why-reports = only coordinators and owners save reports, write summaries and share them
why-contacts = only coordinators and the organisation's own members can change its contacts
why-organization = only coordinators and the organisation's own members can edit it
why-roles = only owners can change people's roles
why-trust-settings = only owners can change the trust settings
why-workspace-language = only owners can change the workspace's language
why-time-zone = only owners can change the workspace's time zone
why-rename = only owners can rename the workspace
why-invite = your role cannot invite people
why-invite-role = your role cannot invite people with this role
why-not-invited = you are not invited to answer this survey
why-own-link = you made this link: it is for the person you hand it to, not for an answer of your own
why-another-address = this invitation is for another e-mail address; sign in with that address to accept it
why-agreement-archived = this agreement is archived
why-checkin-archived = this check-in is archived: restore it before correcting it
why-commitment-archived = this commitment is archived: it was recorded by mistake
why-already-answered = this survey has already been answered with this invitation
why-concern-move = only the partnership's members, the coordinators and the mediator can move this concern
why-concern-withdraw = only the person who raised a concern, or a coordinator, can withdraw it
why-concern-acknowledge = a concern is acknowledged by someone other than the person who raised it
