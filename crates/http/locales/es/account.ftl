# Iniciar sesión.

login-title = Iniciar sesión
login-heading = Iniciar sesión en Rapport
login-tagline = Reúna en un solo lugar las promesas, las metas y las reuniones de seguimiento de sus alianzas.
login-email = Correo electrónico
login-password = Contraseña
login-button = Iniciar sesión
login-forgot = ¿Olvidó su contraseña?
login-no-account = ¿Todavía no tiene cuenta? Pida un enlace de invitación a la persona que coordina su red.
login-error-email = escriba su correo electrónico
login-error-password = escriba su contraseña
login-error-wrong = el correo electrónico o la contraseña no son correctos
login-error-throttled = demasiados intentos; vuelva a intentarlo dentro de { $minutes } minutos
