# The search page: what the header's search box finds.

search-heading = Search
search-title-query = Search: { $query }
search-lead = Organisations, contacts, partnerships, goals, commitments and check-ins you can see.
search-again = Search again
search-words = Words to look for
search-nothing = Nothing you can see matches “{ $query }”. Try fewer words, or the beginning of a name.
search-found-organizations = Organisations
search-found-contacts = Contacts
search-found-partnerships = Partnerships
search-found-goals = Goals
search-found-commitments = Commitments
search-found-checkins = Check-ins
search-checkin-of = Check-in of { $day }
search-partnership-kind = { $kind } partnership
