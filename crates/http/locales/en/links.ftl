# A record's links to documents.

links-heading = Documents
links-manage = Add or remove links
links-none = No links yet. Link the agenda, the shared folder or the signed copy where the partners already keep them: Rapport stores no files.
links-new-tab = {" "}(opens in a new tab)
