# La plantilla que comparten todas las páginas: encabezado, navegación, búsqueda, menú de la
# cuenta; y cómo se escriben las fechas y los números en este idioma.

language-name = Español

skip-to-content = Ir al contenido principal
nav-main = Principal
nav-home = Inicio
nav-health = Salud
nav-partnerships = Alianzas
nav-organizations = Organizaciones
nav-network = Red
nav-surveys = Encuestas
nav-concerns = Inquietudes
nav-reports = Informes
search-label = Buscar en este espacio de trabajo
search-placeholder = Buscar…
search-button = Buscar
menu-account = : menú de la cuenta
menu-role = { $role } en este espacio de trabajo
menu-switch-workspace = Cambiar de espacio de trabajo
menu-settings = Configuración del espacio y claves de API
menu-concerns = Inquietudes
menu-kudos = Logros y agradecimientos
menu-activity = Registro de actividad
menu-agreements = Acuerdos
menu-new-workspace = Nuevo espacio de trabajo
sign-out = Cerrar sesión

role-owner = Propietario
role-coordinator = Coordinador
role-member = Miembro
role-observer = Observador

# Un día: "viernes, 4 de diciembre de 2026".
date-day = { $weekday }, { $day } de { $month } de { $year }
weekday-mon = lunes
weekday-tue = martes
weekday-wed = miércoles
weekday-thu = jueves
weekday-fri = viernes
weekday-sat = sábado
weekday-sun = domingo
month-jan = enero
month-feb = febrero
month-mar = marzo
month-apr = abril
month-may = mayo
month-jun = junio
month-jul = julio
month-aug = agosto
month-sep = septiembre
month-oct = octubre
month-nov = noviembre
month-dec = diciembre
number-decimal-separator = ,
number-group-separator = .
# Un espacio de no separación entre la cifra y el signo.
percent = { $value } %
nav-breadcrumb = Ruta de navegación
form-problem = Hay un problema

# A qué distancia de hoy está un día: "dentro de 5 días", "hace 3 semanas", "vence mañana".
when-today = hoy
when-tomorrow = mañana
when-yesterday = ayer
when-in = dentro de { $span }
when-ago = hace { $span }
span-days = { $count ->
    [one] 1 día
   *[other] { $count } días
}
span-weeks = { $count ->
    [one] 1 semana
   *[other] { $count } semanas
}
span-months = { $count ->
    [one] 1 mes
   *[other] { $count } meses
}
span-years = { $count ->
    [one] 1 año
   *[other] { $count } años
}
due-today = vence hoy
due-tomorrow = vence mañana
due-in = vence dentro de { $span }
due-overdue = { $span } de retraso
# Una lista de nombres: "A, B y C" ($rest es "A, B").
list-and = { $rest } y { $last }


# Un día del año, con el mes completo: "4 de diciembre".
date-day-month = { $day } de { $month }
month-long-jan = enero
month-long-feb = febrero
month-long-mar = marzo
month-long-apr = abril
month-long-may = mayo
month-long-jun = junio
month-long-jul = julio
month-long-aug = agosto
month-long-sep = septiembre
month-long-oct = octubre
month-long-nov = noviembre
month-long-dec = diciembre

# Lo que dice un lector de pantalla de una barra de puntuación.
chart-score-of-100 = { $label }: { $value } de 100
chart-score-no-data = { $label }: sin datos
health-not-enough-data = Sin datos suficientes
health-of = Salud de { $name }

# Alguien que un registro nombra y que ya no está en el espacio de trabajo.
names-former-member = un antiguo miembro
names-former-colleague = un antiguo colega

# Palabras que comparten muchas páginas.
download-csv = Descargar CSV
pager-label = Páginas
form-error = Error:
form-nobody-to-choose = Todavía no hay nadie para elegir.

# Los errores que los formularios muestran junto a un campo (la página pone la mayúscula).
form-error-pick-date = es obligatorio: elija una fecha
form-error-date = debe ser una fecha, por ejemplo 2026-12-04
form-error-number = debe ser un número, por ejemplo 42 o 3.5
form-error-whole-number = debe ser un número entero
form-error-choose-someone = elija a alguien de la lista
form-error-choose-outcome = elija uno de los resultados de la lista
form-error-say-why = es obligatorio: diga por qué cambia la fecha
form-error-choose-from-list = elija { $what } de la lista
form-error-choose = elija { $what }
form-what-promisor = la organización que se compromete
form-what-person = una persona
form-what-organisation = una organización
form-error-stale = Otra persona cambió este registro mientras usted lo editaba, así que sus cambios no se guardaron. Ábralo de nuevo para ver la versión más reciente y vuelva a hacer su cambio.
# Un momento: "viernes, 4 de diciembre de 2026, 14:05 Europe/Madrid".
date-moment = { $day }, { $time } { $zone }
names-someone = alguien
confirm-go-back = No, volver
form-save = Guardar
form-cancel = Cancelar
form-error-next-step = elija el próximo paso
form-what-record = un registro
form-what-partnership = una alianza
form-error-required = es obligatorio
form-error-password-short = debe tener al menos 10 caracteres
form-error-email = debe ser una dirección de correo electrónico, por ejemplo nombre@ejemplo.org
form-error-password-again = no coincide con la contraseña de arriba
form-error-password-wrong = esa no es la contraseña de esta cuenta
form-error-new-password-again = no coincide con la contraseña nueva

# Un día en una frase, con el mes completo: "9 de junio de 2026" ($day_month es "9 de junio").
date-long = { $day_month } de { $year }
form-error-confidence = elija qué tan seguro está

# Las reglas del núcleo, junto a un campo: lo que dicen en cada idioma.
form-error-not-future = no puede ser una fecha futura
form-error-not-past = no puede ser una fecha pasada
form-error-member-organisation = debe ser una organización miembro de esta alianza
form-error-not-negative = no puede ser negativo
form-error-more-than-zero = debe ser mayor que cero
form-error-zero-or-more = debe ser cero o más
form-error-number-above-zero = debe ser un número mayor que cero
form-error-between-0-and-1 = debe estar entre 0 y 1
form-error-at-least-1 = debe ser al menos 1
form-error-a-number = debe ser un número
form-error-positive-days = debe ser un número positivo de días
form-error-http-address = debe ser una dirección http:// o https://
form-error-https-address = debe ser una dirección web que empiece con https://
form-error-today-or-later = debe ser hoy o una fecha posterior
form-error-after-today = debe ser posterior a hoy
form-error-by-due-date = debe ser igual o anterior a la fecha límite
form-error-after-agreed = debe ser igual o posterior al día en que se acordó
form-error-after-opening = debe ser igual o posterior al día de apertura
form-error-differ-due-date = debe ser distinta de la fecha límite actual
form-error-differ-first-due-date = debe ser distinta de la primera fecha límite
form-error-within-a-year = debe estar dentro de un año
form-error-at-least-one-day = debe ser al menos un día
form-error-currency = indique la moneda, p. ej. USD
form-error-say-what = diga qué se acordó
form-error-say-by-when = diga para cuándo
form-error-pick-one-or-more = elija al menos una opción
form-error-pick-exactly-one = elija exactamente una opción
form-error-listed-twice = aparece dos veces
form-error-too-large = es demasiado grande
form-error-paste-address = es obligatorio: pegue la dirección del documento
form-error-at-most-characters = { $count ->
    [one] debe tener como máximo 1 carácter
   *[other] debe tener como máximo { $count } caracteres
}
form-error-within-days = { $count ->
    [one] debe estar dentro de 1 día
   *[other] debe estar dentro de { $count } días
}
form-error-between-0-and-days = debe estar entre 0 y { $count } días
form-error-between-1-and-days = debe estar entre 1 y { $count } días
