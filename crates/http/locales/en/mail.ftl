# E-mails: the daily reminders, the weekly digest, a "forgot password" link and an invitation.
# Each message is one line of the e-mail; the lines between them are the code's.

mail-hello = Hello { $name },
mail-hello-anyone = Hello,
mail-reminders-subject-one = { $workspace }: { $title }
mail-reminders-subject = { $count ->
    [one] { $workspace }: { $count } thing needs you
   *[other] { $workspace }: { $count } things need you
}
mail-reminders-intro = Here is what needs you in { $workspace }.
mail-settings = Choose what you receive, or pause reminders for a while: { $url }
mail-digest-subject = { $workspace }: your week ahead
mail-digest-intro = Your week in { $workspace }.
mail-digest-clear = Nothing is due in the next seven days.
mail-digest-warnings = Early warnings in your partnerships
mail-digest-kudos = Thanks you received last week
mail-kudos-line = “{ $message }” ({ $day })
mail-checkin-title = Check-in of { $partnership }
mail-checkin-detail = { $cadence } check-in { $due }
mail-commitment-detail = { $due }, { $partnership }
mail-goal-detail = no progress update since { $since }, { $partnership }
mail-survey-detail = open until { $day }
mail-concern-detail = please acknowledge, { $due }
mail-follow-up-never = never contacted
mail-follow-up-last = last contacted { $day }
mail-agreement-lapsed = { $count ->
    [one] ended { $count } day ago but still marked in force, { $partnership }
   *[other] ended { $count } days ago but still marked in force, { $partnership }
}
mail-agreement-ends = ends { $day }, { $partnership }: decide on renewal
mail-reset-subject = Reset your Rapport password
mail-reset-asked = Someone, hopefully you, asked to reset the password of your Rapport account ({ $email }).
mail-reset-choose = Choose a new password here within the next hour:
mail-reset-once = The link works once. If you did not ask for it, ignore this e-mail: your password stays as it is.
mail-invitation-subject = Join { $workspace } on Rapport
mail-invitation-invites = { $inviter } invites you to join { $workspace } on Rapport, as { $role }.
mail-invitation-open = Open this link to accept; it works once, until { $day } (UTC):
mail-invitation-ignore = If you were not expecting this, you can ignore this e-mail.
