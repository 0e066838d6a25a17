# The organisation directory, an organisation's page with its contacts, and its form.

organizations-count = { $count ->
    [one] { $count } organisation
   *[other] { $count } organisations
}
organizations-count-archived = { $count ->
    [one] { $count } archived organisation
   *[other] { $count } archived organisations
}
organizations-of-this-type = {" "}of this type
organizations-add = Add organisation
organizations-type = Type
organizations-all-types = All types
organizations-filter = Filter
organizations-show-current = Show current organisations
organizations-show-archived = Show archived
organizations-download-csv = Download CSV
organizations-download-contacts = Download all contacts (CSV)
organizations-import = Import from CSV
organizations-none-archived = No organisations are archived.
organizations-none = No organisations here yet.
organizations-add-first = Add the first one
organizations-add-first-examples = : a school, a library, a family group…
organizations-col-name = Name
organizations-pages = Pages
organizations-previous = ← Previous
organizations-next = Next →

organization-archived = Archived
organization-edit-profile = Edit profile
organization-restore = Restore
organization-archive = Archive
organization-archive-confirm = Archive { $name }? It leaves the lists, its history stays, and you can restore it.
organization-profile = Profile
organization-mission = Mission
organization-mission-none = Not written yet.
organization-focus-areas = Focus areas
organization-focus-none = None listed.
organization-website = Website
organization-website-none = None.
organization-no-partnerships = Not in any partnership you can see.
organization-with = with { $members }
organization-keeps-its-word = Keeps its word
organization-last-twelve-months = last twelve months
organization-possible-partners = Possible partners
organization-see-on-map = See { $name } on the map
organization-no-suggestions = No suggestions yet: list focus areas and a mission for { $name } and for others, and matches appear here.
organization-suggestions-lead = Organisations { $name } does not work with yet, ranked by shared focus areas, a similar mission, and partners in common who could introduce them.
organization-match = { $percent } match
organization-match-of = How well { $name } matches
organization-why = { $name } { $reasons }.
organization-why-and = {" "}and{" "}
organization-why-focus = shares your focus on { $areas }
organization-why-mission = describes a similar mission
organization-why-introducer = works with { $name }, a partner of yours who could introduce you
organization-why-introducers = { $count ->
    [one] works with { $count } of your partners, who could introduce you
   *[other] works with { $count } of your partners, who could introduce you
}
organization-why-little = has a little in common with you
organization-contacts = Contacts
organization-of-the-contacts = {" "}of the contacts
organization-add-contact = Add contact
organization-no-contacts = No contacts yet. Who do you talk to at { $name }?

organization-form-edit = Edit { $name }
organization-form-first = Your workspace is ready. Add the organisations in your network (your own too), then bring them together in partnerships.
organization-form-mission-hint = What the organisation is for, in a sentence or two. Used to suggest partners with similar aims.
organization-form-focus-hint = Separate with commas, e.g. literacy, family engagement, STEM
organization-form-website-hint = Starting with https://
organization-form-save = Save changes
organization-form-cancel = Cancel

contact-how-to-reach = How to reach
contact-last-contacted = Last contacted
contact-follow-up = Follow-up
contact-actions = Actions
contact-never-recorded = Never recorded
contact-no-reminder = No reminder
contact-kept-by = Kept in touch by { $name }
contact-edit = Edit
contact-archive-confirm = Archive the contact { $name }?
contact-day-when = { $day } ({ $when })
contact-not-contacted-yet = Not contacted yet
contact-follow-up-every = { $count ->
    [one] Follow up every day
   *[other] Follow up every { $count } days
}
contact-follow-up-overdue = Follow-up overdue
contact-follow-up-soon = Follow up soon
contact-in-touch = In touch
contact-next-follow-up = Next follow-up { $day } ({ $when })

# A contact's form, and their log of being in touch.
contact-edit-heading = Edit contact
contact-add-at = Add a contact at { $name }
contact-role = Role
contact-role-hint = e.g. Family liaison, Branch manager
contact-email = E-mail
contact-phone = Phone
contact-owner = Who keeps in touch
contact-owner-hint = Their home page reminds them when a follow-up is due
contact-owner-nobody = Nobody in particular
contact-follow-up-days = Follow up every (days)
contact-follow-up-days-hint = Leave empty for no reminder
contact-save = Save contact
contact-kept-by-lower = kept in touch by { $name }
contact-log-heading = Log a contact
contact-log-lead = A call, a visit, an e-mail that got an answer: logging it resets the follow-up clock.
contact-log-note = What you talked about
contact-nothing-logged = Nothing logged yet.
contact-last-contacted-on = Last contacted { $when }.
contact-logged-by = Logged by { $name }
