# Import from CSV: the page, what it says when a file is refused, and when it was imported.

import-lead = Add many records at once from a spreadsheet saved as CSV (UTF-8, with a header row). Every row is checked first: if any row has a problem, nothing is imported and each problem is listed below by line and column.
import-nothing = Nothing was imported
import-what = What does the file hold?
import-kind-commitments = Commitments
import-columns = Columns: { $columns } (needed: { $needed })
import-file = CSV file
import-file-hint = A file downloaded with “Download CSV” can be imported as it is, into this or another workspace. Organisations, partnerships and member organisations are named as they appear in Rapport; separate several members with “; ”.
import-paste = Or paste the CSV text
import-csv-text = CSV text
import-button = Import
import-choose-kind = Choose what the file holds.
import-choose-file = Choose a CSV file, or paste its text.
import-done-organizations = { $count ->
    [one] Imported 1 organisation.
   *[other] Imported { $count } organisations.
}
import-done-contacts = { $count ->
    [one] Imported 1 contact.
   *[other] Imported { $count } contacts.
}
import-done-partnerships = { $count ->
    [one] Imported 1 partnership.
   *[other] Imported { $count } partnerships.
}
import-done-commitments = { $count ->
    [one] Imported 1 commitment.
   *[other] Imported { $count } commitments.
}
import-done-agreements = { $count ->
    [one] Imported 1 agreement.
   *[other] Imported { $count } agreements.
}
import-place = Line { $line }
import-place-column = Line { $line }, column "{ $column }"
import-problems = { $count ->
    [one] 1 problem
   *[other] { $count } problems
}
import-on-line = line { $line }
import-on-lines = { $count } lines
import-summary = The file has { $problems } on { $on }; fix them and send the whole file again.
import-not-listed = (The first { $listed } are listed, { $count } more are not.)
