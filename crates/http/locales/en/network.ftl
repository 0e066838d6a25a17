# The network page and its map.

network-title = The network
network-lead = Who works with whom. Lines are partnerships and work together (shared check-ins, promises); their colour is how well promises are kept between the two. Select an organisation to open it.
network-lead-as-of = Who works with whom, as it stood on { $day }. Lines are partnerships and work together (shared check-ins, promises); their colour is how well promises are kept between the two. Select an organisation to open it.
network-organization-type = Organisation type
network-partnership-type = Partnership type
network-any-type = Any type
network-focus = Focus area
network-as-of = As of
network-show = Show
network-whole = The whole network
network-map = Map
network-none-matches = No organisation matches.
network-not-on-map = Not on the map: { $list }.
network-open-around = Open the map around:
network-where-it-opens = where it opens
network-slide = Slide the map sideways to see all of it.
network-drawn-list = { $count ->
    [one] The organisation on the map, as a list
   *[other] The { $count } organisations on the map, as a list
}
network-types = Organisation types
network-ties = Ties
network-tie-good = promises kept (70%+)
network-tie-fair = 50–70%
network-tie-poor = below 50%
network-tie-neutral = not enough evidence yet
network-measures = Measures
network-organizations = Organisations
network-density = Density
network-density-hint = of all possible ties are there
network-centralization = Centralisation
network-centralization-hint = 0 = ties evenly spread, 1 = all through one organisation
network-components = Connected groups
network-mean-trust = Mean trust per tie
network-low-trust = Low-trust ties
network-low-trust-hint = share of ties with trust below 50%
network-brokers = Brokers
network-brokers-lead = Others reach each other through them: good people to ask for an introduction.
network-no-brokers = None: no organisation sits between others.
network-isolates = Not yet connected
network-no-isolates = Every organisation has at least one tie.
network-more-isolates = and { $count } more.
network-not-known = not known yet
network-not-measured = not measured
network-betweenness = betweenness { $value }
network-ties-count = { $count ->
    [one] { $count } tie
   *[other] { $count } ties
}
network-map-title = { $count ->
    [one] Map of { $count } organisation and its ties
   *[other] Map of { $count } organisations and their ties
}
network-measured-at = Measured { $moment }; measured again after each change of ties.
network-measured-as-shown = Measured as shown; betweenness and brokers are computed in the background for the whole network.
network-measured-that-day = The ties of that day, assembled from the records when asked (so it may take a moment at a large network's size) and measured as shown; betweenness and brokers are kept for today's network only.
network-scope-around = { $name } and the organisations within two steps of it
network-scope-brokers = the brokers and the organisations within two steps of them
network-scope-yours = your organisations and the organisations within two steps of them
network-scope-showing = { $count ->
    [one] Showing { $shown } of { $total } organisation
   *[other] Showing { $shown } of { $total } organisations
}
network-scope-best-connected = { $count ->
    [one] , the best connected of { $there } there
   *[other] , the { $drawn } best connected of { $there } there
}
network-scope = { $showing }{ $best }.
network-scope-what = { $showing }: { $what }{ $best }.
