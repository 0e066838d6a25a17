# El directorio de organizaciones, la página de una organización con sus contactos, y su formulario.

organizations-count = { $count ->
    [one] { $count } organización
   *[other] { $count } organizaciones
}
organizations-count-archived = { $count ->
    [one] { $count } organización archivada
   *[other] { $count } organizaciones archivadas
}
organizations-of-this-type = {" "}de este tipo
organizations-add = Añadir una organización
organizations-type = Tipo
organizations-all-types = Todos los tipos
organizations-filter = Filtrar
organizations-show-current = Ver las organizaciones actuales
organizations-show-archived = Ver las archivadas
organizations-download-csv = Descargar CSV
organizations-download-contacts = Descargar todos los contactos (CSV)
organizations-import = Importar desde CSV
organizations-none-archived = No hay organizaciones archivadas.
organizations-none = Todavía no hay organizaciones.
organizations-add-first = Añada la primera
organizations-add-first-examples = : una escuela, una biblioteca, un grupo de familias…
organizations-col-name = Nombre
organizations-pages = Páginas
organizations-previous = ← Anterior
organizations-next = Siguiente →

organization-archived = Archivada
organization-edit-profile = Editar el perfil
organization-restore = Restaurar
organization-archive = Archivar
organization-archive-confirm = ¿Archivar { $name }? Sale de las listas, su historial se conserva y puede restaurarla.
organization-profile = Perfil
organization-mission = Misión
organization-mission-none = Aún sin escribir.
organization-focus-areas = Áreas de trabajo
organization-focus-none = Ninguna indicada.
organization-website = Sitio web
organization-website-none = Ninguno.
organization-no-partnerships = No forma parte de ninguna alianza que usted pueda ver.
organization-with = con { $members }
organization-keeps-its-word = Cumple su palabra
organization-last-twelve-months = últimos doce meses
organization-possible-partners = Posibles socios
organization-see-on-map = Ver { $name } en el mapa
organization-no-suggestions = Todavía no hay sugerencias: indique áreas de trabajo y una misión para { $name } y para las demás, y aparecerán aquí las coincidencias.
organization-suggestions-lead = Organizaciones con las que { $name } aún no trabaja, ordenadas por áreas de trabajo en común, una misión parecida y socios en común que podrían presentarlas.
organization-match = { $percent } de coincidencia
organization-match-of = Cuánto coincide { $name }
organization-why = { $name } { $reasons }.
organization-why-and = {" "}y{" "}
organization-why-focus = coincide con usted en { $areas }
organization-why-mission = describe una misión parecida
organization-why-introducer = trabaja con { $name }, socio suyo que podría presentarles
organization-why-introducers = { $count ->
    [one] trabaja con { $count } de sus socios, que podría presentarles
   *[other] trabaja con { $count } de sus socios, que podrían presentarles
}
organization-why-little = tiene algo en común con usted
organization-contacts = Contactos
organization-of-the-contacts = {" "}de los contactos
organization-add-contact = Añadir un contacto
organization-no-contacts = Todavía no hay contactos. ¿Con quién habla usted en { $name }?

organization-form-edit = Editar { $name }
organization-form-first = Su espacio de trabajo está listo. Añada las organizaciones de su red (también la suya) y luego reúnalas en alianzas.
organization-form-mission-hint = Para qué existe la organización, en una o dos frases. Sirve para sugerir socios con objetivos parecidos.
organization-form-focus-hint = Sepárelas con comas, p. ej.: lectura, participación de las familias, ciencias
organization-form-website-hint = Que empiece con https://
organization-form-save = Guardar los cambios
organization-form-cancel = Cancelar

contact-how-to-reach = Cómo contactar
contact-last-contacted = Último contacto
contact-follow-up = Seguimiento
contact-actions = Acciones
contact-never-recorded = Nunca registrado
contact-no-reminder = Sin recordatorio
contact-kept-by = Mantiene el contacto: { $name }
contact-edit = Editar
contact-archive-confirm = ¿Archivar el contacto { $name }?
contact-day-when = { $day } ({ $when })
contact-not-contacted-yet = Aún sin contactar
contact-follow-up-every = { $count ->
    [one] Retomar el contacto cada día
   *[other] Retomar el contacto cada { $count } días
}
contact-follow-up-overdue = Seguimiento atrasado
contact-follow-up-soon = Seguimiento próximo
contact-in-touch = En contacto
contact-next-follow-up = Próximo seguimiento: { $day } ({ $when })

# El formulario de un contacto, y su registro de contactos.
contact-edit-heading = Editar el contacto
contact-add-at = Añadir un contacto en { $name }
contact-role = Cargo
contact-role-hint = p. ej. Enlace con las familias, Responsable de la sucursal
contact-email = Correo electrónico
contact-phone = Teléfono
contact-owner = Quién mantiene el contacto
contact-owner-hint = Su página de inicio le recuerda cuándo toca retomar el contacto
contact-owner-nobody = Nadie en particular
contact-follow-up-days = Retomar el contacto cada (días)
contact-follow-up-days-hint = Déjelo vacío para no tener recordatorio
contact-save = Guardar el contacto
contact-kept-by-lower = mantiene el contacto: { $name }
contact-log-heading = Registrar un contacto
contact-log-lead = Una llamada, una visita, un correo que tuvo respuesta: registrarlo pone a cero el plazo de seguimiento.
contact-log-note = De qué hablaron
contact-nothing-logged = Todavía no hay nada registrado.
contact-last-contacted-on = Último contacto: { $when }.
contact-logged-by = Registrado por { $name }
