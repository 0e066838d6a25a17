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

# Contraseña olvidada, el enlace para restablecerla y una invitación a un espacio de trabajo.
forgot-heading = ¿Olvidó su contraseña?
forgot-check-email = Revise su correo electrónico
forgot-sent = Si hay una cuenta con esta dirección de correo electrónico, le estamos enviando un enlace para elegir una contraseña nueva. Funciona una sola vez, durante una hora.
forgot-nothing-arrived = ¿No le llegó nada? Revise la carpeta de correo no deseado o pregunte a la persona que coordina su red: quien administra Rapport puede ponerle una contraseña nueva.
forgot-back = Volver a iniciar sesión
forgot-lead = Escriba la dirección de correo electrónico con la que inicia sesión. Le enviaremos un enlace para elegir una contraseña nueva.
forgot-button = Enviarme un enlace
reset-heading = Elija una contraseña nueva
reset-done-heading = Su contraseña cambió
reset-done-signed-in = Inició sesión como
reset-done-others = Se cerró la sesión en todos los demás navegadores conectados a su cuenta.
reset-continue = Continuar a Rapport
reset-for = Para
reset-lead = Se cerrará la sesión en todos los navegadores conectados a esta cuenta.
reset-new-password = Contraseña nueva
reset-again = Escríbala otra vez
reset-button = Guardar mi contraseña nueva
reset-dead-heading = Este enlace ya no funciona
reset-dead-message = Los enlaces para restablecer la contraseña funcionan una sola vez, durante una hora. Pida uno nuevo en la página de inicio de sesión («¿Olvidó su contraseña?»).
password-hint = Al menos 10 caracteres
invite-eyebrow = Invitación
invite-join = Unirse a { $workspace }
invite-as = Le invitan como
invite-with-address = con la dirección
invite-other-signed-in = Inició sesión como
invite-other-but = , pero esta invitación es para
invite-other-sign-out = Cierre la sesión y vuelva a abrir este enlace para unirse con esa dirección.
invite-has-account = Ya tiene una cuenta de Rapport. Escriba su contraseña para unirse.
invite-sign-in-and-join = Iniciar sesión y unirse
invite-create-lead = Cree su cuenta para unirse.
invite-name = Su nombre
invite-name-hint = Como le conocen sus aliados, p. ej., Ana Ruiz
invite-password = Elija una contraseña
invite-password-again = Escriba la contraseña otra vez
invite-create-and-join = Crear la cuenta y unirse

# Un espacio de trabajo nuevo: la bienvenida de quien aún no tiene ninguno, y el formulario para otro.
welcome-title = Bienvenida
welcome-heading = Le damos la bienvenida, { $name }
welcome-lead = Empiece por crear un espacio de trabajo para su red: las escuelas, las familias y las organizaciones comunitarias con las que trabaja. Podrá invitar a colegas y socios en cuanto exista.
welcome-new-workspace = Nuevo espacio de trabajo
welcome-new-lead = Un espacio de trabajo reúne las organizaciones, las alianzas y las personas de una red. Nada se comparte entre espacios de trabajo.
welcome-name = Nombre de su red
welcome-name-hint = Por ejemplo: Red de Escuelas Comunitarias del Este
welcome-create = Crear el espacio de trabajo
