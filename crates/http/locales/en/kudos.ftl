# Kudos: the wins feed and the form that sends one.

kudos-lead = Kudos across the network that you can see, newest first.
kudos-send = Send kudos
kudos-none = No kudos yet. Notice what partners did well and tell them.
kudos-from-for = { $person } for { $organization }
kudos-to-partnership = the partnership
kudos-for-commitment = for a commitment kept
kudos-for-milestone = for a milestone met
kudos-for-goal = for progress on a goal
kudos-about-milestone = a milestone met
kudos-about-commitment = a commitment kept
kudos-about-goal = progress on a goal
kudos-form-lead = Say what they did and what it made possible.
kudos-form-thank-for = These kudos thank them for { $about }.
kudos-form-to-organisation = To an organisation
kudos-form-to-person = …or to a person
kudos-form-to-hint = Choose one: an organisation or a person
kudos-form-message = Your message
kudos-form-from = From
kudos-form-from-hint = Thank on behalf of your organisation, or only from you
kudos-form-just-me = Just me
