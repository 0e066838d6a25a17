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
percent = { $value }%
nav-breadcrumb = Breadcrumb
form-problem = There is a problem
