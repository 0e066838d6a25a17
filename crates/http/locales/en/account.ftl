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
