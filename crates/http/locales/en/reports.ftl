# The reports page: making a report and the saved ones. (The report itself is still English.)

reports-lead = A report for leadership and funders: the network and each partnership over a period, compared with the period before. It prints as a clean document and can be shared with a private link.
reports-make = Make a report
reports-period = Period
reports-period-hint = A quarter (2026-Q3), a school year from September (2025-26), or two days (2026-01-15..2026-04-30). A period still running ends today.
reports-title-optional = Title (optional)
reports-title-hint = For example: Report to the district board.
reports-partnerships-hint = Leave all unticked for every partnership.
reports-make-and-save = Make and save the report
reports-show = Show the report
reports-saved = Saved reports
reports-none-saved = No report saved yet.
reports-report = Report
reports-made = Made
reports-from-to = { $from } to { $to }
reports-all = All
