# A record's links to documents.

links-heading = Documents
links-manage = Add or remove links
links-none = No links yet. Link the agenda, the shared folder or the signed copy where the partners already keep them: Rapport stores no files.
links-new-tab = {" "}(opens in a new tab)

# The page that adds and removes a record's links.

links-page-title = Documents of this { $what }
links-page-heading = Links to documents
links-page-lead = A title and an http:// or https:// address of a document the partners already share. Rapport stores no files.
links-linked = Linked
links-page-none = No links yet.
links-remove = Remove
links-add-heading = Add a link
links-title = Title
links-title-hint = e.g. Meeting notes, shared folder
links-address = Address
links-address-hint = Starts with https:// or http://
links-add = Add link
links-of-partnership = partnership
links-of-goal = goal
links-of-checkin = check-in
links-of-commitment = commitment
links-of-retrospective = retrospective
links-back-partnership = Back to the partnership
links-back-goal = Back to the goal
links-back-checkin = Back to the check-in
links-back-commitment = Back to the commitment
links-back-retrospective = Back to the retrospective
