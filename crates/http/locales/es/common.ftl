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
# Un espacio de no separación entre la cifra y el signo.
percent = { $value } %
nav-breadcrumb = Ruta de navegación
form-problem = Hay un problema
