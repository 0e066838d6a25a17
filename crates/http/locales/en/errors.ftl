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
