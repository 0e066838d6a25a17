# The layout every page shares: header, navigation, search, user menu; and how dates and
# numbers read in this language.

language-name = English

skip-to-content = Skip to main content
nav-main = Main
nav-home = Home
nav-health = Health
nav-partnerships = Partnerships
nav-organizations = Organisations
nav-network = Network
nav-surveys = Surveys
nav-concerns = Concerns
nav-reports = Reports
search-label = Search this workspace
search-placeholder = Search…
search-button = Search
menu-account = : account menu
menu-role = { $role } in this workspace
menu-switch-workspace = Switch workspace
menu-settings = Workspace settings and API tokens
menu-concerns = Concerns
menu-kudos = Wins and thanks
menu-activity = Activity log
menu-agreements = Agreements
menu-new-workspace = New workspace
sign-out = Sign out

role-owner = Owner
role-coordinator = Coordinator
role-member = Member
role-observer = Observer

# A day: "Fri 4 Dec 2026".
date-day = { $weekday } { $day } { $month } { $year }
weekday-mon = Mon
weekday-tue = Tue
weekday-wed = Wed
weekday-thu = Thu
weekday-fri = Fri
weekday-sat = Sat
weekday-sun = Sun
month-jan = Jan
month-feb = Feb
month-mar = Mar
month-apr = Apr
month-may = May
month-jun = Jun
month-jul = Jul
month-aug = Aug
month-sep = Sep
month-oct = Oct
month-nov = Nov
month-dec = Dec
number-decimal-separator = .
number-group-separator = ,
percent = { $value }%
nav-breadcrumb = Breadcrumb
form-problem = There is a problem

# How far a day is from today: "in 5 days", "3 weeks ago", "due tomorrow", "3 days overdue".
when-today = today
when-tomorrow = tomorrow
when-yesterday = yesterday
when-in = in { $span }
when-ago = { $span } ago
span-days = { $count ->
    [one] 1 day
   *[other] { $count } days
}
span-weeks = { $count ->
    [one] 1 week
   *[other] { $count } weeks
}
span-months = { $count ->
    [one] 1 month
   *[other] { $count } months
}
span-years = { $count ->
    [one] 1 year
   *[other] { $count } years
}
due-today = due today
due-tomorrow = due tomorrow
due-in = due in { $span }
due-overdue = { $span } overdue
# A list of names: "A, B and C" ($rest is "A, B").
list-and = { $rest } and { $last }


# A day of the year, its month in full: "4 December".
date-day-month = { $day } { $month }
month-long-jan = January
month-long-feb = February
month-long-mar = March
month-long-apr = April
month-long-may = May
month-long-jun = June
month-long-jul = July
month-long-aug = August
month-long-sep = September
month-long-oct = October
month-long-nov = November
month-long-dec = December

# The words a screen reader says for a score bar.
chart-score-of-100 = { $label }: { $value } of 100
chart-score-no-data = { $label }: no data
health-not-enough-data = Not enough data
health-of = Health of { $name }

# Someone a record names who is no longer in the workspace.
names-former-member = a former member
names-former-colleague = a former colleague

# Words many pages share.
download-csv = Download CSV
pager-label = Pages
form-error = Error:
form-nobody-to-choose = Nobody to choose from yet.

# The errors forms show beside a field (the page adds a capital letter).
form-error-pick-date = is required: pick a date
form-error-date = must be a date such as 2026-12-04
form-error-number = must be a number, such as 42 or 3.5
form-error-whole-number = must be a whole number
form-error-choose-someone = choose someone from the list
form-error-choose-outcome = choose one of the outcomes listed
form-error-say-why = is required: say why the date changes
form-error-choose-from-list = choose { $what } from the list
form-error-choose = choose { $what }
form-what-promisor = the organisation that promises
form-what-person = a person
form-what-organisation = an organisation
form-error-stale = Someone else changed this record while you were editing it, so your changes were not saved. Open it again to see the latest version, then make your change once more.
# A moment: "Fri 4 Dec 2026, 14:05 Europe/London".
date-moment = { $day }, { $time } { $zone }
names-someone = someone
confirm-go-back = No, go back
form-save = Save
form-cancel = Cancel
form-error-next-step = choose the next step
form-what-record = a record
form-what-partnership = a partnership
form-error-required = is required
form-error-password-short = must be at least 10 characters
form-error-email = must be an e-mail address such as name@example.org
form-error-password-again = does not match the password above
form-error-password-wrong = that is not the password of this account
form-error-new-password-again = does not match the new password

# A day in a sentence, its month in full: "9 June 2026" ($day_month is "9 June").
date-long = { $day_month } { $year }
form-error-confidence = choose how confident you are

# The core's rules, beside a field: what they say in each language.
form-error-not-future = cannot be in the future
form-error-not-past = cannot be in the past
form-error-member-organisation = must be a member organisation of this partnership
form-error-not-negative = cannot be negative
form-error-more-than-zero = must be more than zero
form-error-zero-or-more = must be zero or more
form-error-number-above-zero = must be a number greater than zero
form-error-between-0-and-1 = must be between 0 and 1
form-error-at-least-1 = must be at least 1
form-error-a-number = must be a number
form-error-positive-days = must be a positive number of days
form-error-http-address = must be an http:// or https:// address
form-error-https-address = must be a web address starting with https://
form-error-today-or-later = must be today or later
form-error-after-today = must be after today
form-error-by-due-date = must be on or before the due date
form-error-after-agreed = must be on or after the day it was agreed
form-error-after-opening = must be on or after the opening day
form-error-differ-due-date = must differ from the current due date
form-error-differ-first-due-date = must differ from the first due date
form-error-within-a-year = must be within a year
form-error-at-least-one-day = must be at least one day
form-error-currency = name the currency, e.g. USD
form-error-say-what = say what was agreed
form-error-say-by-when = say by when
form-error-pick-one-or-more = pick at least one option
form-error-pick-exactly-one = pick exactly one option
form-error-listed-twice = is listed twice
form-error-too-large = is too large
form-error-paste-address = is required: paste the document's address
form-error-at-most-characters = { $count ->
    [one] must be at most 1 character
   *[other] must be at most { $count } characters
}
form-error-within-days = { $count ->
    [one] must be within 1 day
   *[other] must be within { $count } days
}
form-error-between-0-and-days = must be between 0 and { $count } days
form-error-between-1-and-days = must be between 1 and { $count } days
