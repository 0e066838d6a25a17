# Signing in.

login-title = Sign in
login-heading = Sign in to Rapport
login-tagline = Keep your partnerships' promises, goals and check-ins in one place.
login-email = E-mail address
login-password = Password
login-button = Sign in
login-forgot = Forgot your password?
login-no-account = No account yet? Ask your network's coordinator for an invitation link.
login-error-email = enter your e-mail address
login-error-password = enter your password
login-error-wrong = the e-mail address or password is not right
login-error-throttled = { $why }

# Forgot password, the reset link, and an invitation to a workspace.
forgot-heading = Forgot your password?
forgot-check-email = Check your e-mail
forgot-sent = If an account has this e-mail address, a link to choose a new password is on its way. It works once, within an hour.
forgot-nothing-arrived = Nothing arrived? Check your spam folder, or ask your network's coordinator: Rapport's operator can set a new password for you.
forgot-back = Back to sign in
forgot-lead = Enter the e-mail address you sign in with. We will e-mail you a link to choose a new password.
forgot-button = E-mail me a link
reset-heading = Choose a new password
reset-done-heading = Your password is changed
reset-done-signed-in = You are signed in as
reset-done-others = Every other browser that was signed in to your account has been signed out.
reset-continue = Continue to Rapport
reset-for = For
reset-lead = Every browser signed in to this account will be signed out.
reset-new-password = New password
reset-again = Type it again
reset-button = Save my new password
reset-dead-heading = This link no longer works
reset-dead-message = Password reset links work once, within an hour of asking. Ask for a new one from the sign-in page (“Forgot your password?”).
password-hint = At least 10 characters
invite-eyebrow = Invitation
invite-join = Join { $workspace }
invite-as = You are invited as
invite-with-address = with the address
invite-other-signed-in = You are signed in as
invite-other-but = , but this invitation is for
invite-other-sign-out = Sign out, then open this link again to join with that address.
invite-has-account = You already have a Rapport account. Enter its password to join.
invite-sign-in-and-join = Sign in and join
invite-create-lead = Create your account to join.
invite-name = Your name
invite-name-hint = As your partners know you, e.g. Ana Ruiz
invite-password = Choose a password
invite-password-again = Type the password again
invite-create-and-join = Create account and join

# A new workspace: the welcome page of someone without one, and the form for another.
welcome-title = Welcome
welcome-heading = Welcome, { $name }
welcome-lead = Start by creating a workspace for your network: the schools, families and community organisations you work with. You can invite colleagues and partners once it exists.
welcome-new-workspace = New workspace
welcome-new-lead = A workspace holds one network's organisations, partnerships and people. Nothing is shared between workspaces.
welcome-name = Name of your network
welcome-name-hint = For example: Eastside Community Schools Network
welcome-create = Create workspace
