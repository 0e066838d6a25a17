# Las reuniones de seguimiento: la página de una reunión y el formulario que la registra.

checkin-eyebrow = Reunión de seguimiento
checkin-archive-confirm = ¿Archivar esta reunión? Deja de contar para la frecuencia de reuniones; sus tareas se conservan.
checkin-present = Presentes
checkin-people = Personas
checkin-not-recorded = Sin registrar
checkin-agenda = Orden del día
checkin-no-agenda = No se registró un orden del día.
checkin-notes = Notas
checkin-no-notes = No se registraron notas.
checkin-decisions-heading = Decisiones
checkin-no-decisions = No se registraron decisiones.
checkin-action-items = Tareas
checkin-no-action-items = De esta reunión no salieron tareas.

checkin-form-heading = Registrar una reunión de seguimiento
checkin-form-held-on = Fecha de la reunión
checkin-form-organisations = Organizaciones presentes
checkin-form-people = Personas presentes
checkin-form-contacts = Contactos presentes
checkin-form-contacts-hint = Cada contacto marcado queda registrado como visto ese día, lo que reinicia su seguimiento
checkin-form-notes-hint = Lo que se conversó, con franqueza
checkin-form-action-items-hint = Cada una se convierte en un compromiso con su propia fecha límite. Deje vacías las filas que no use.
checkin-form-action-item = Tarea { $number }
checkin-form-what = Qué
checkin-form-choose = Elegir
checkin-form-to = Para
checkin-form-more-rows = + Más filas de tareas
checkin-form-save = Guardar la reunión

# Corregir una reunión de seguimiento.
checkin-edit-title = Corregir la reunión de seguimiento
checkin-edit-crumb = Reunión de seguimiento del { $day }
checkin-edit-heading = Corregir esta reunión de seguimiento
checkin-edit-lead = Corrija quién estuvo y qué se anotó y decidió. La fecha y las tareas quedan como se registraron (cada tarea es un compromiso: corríjala en su propia página). La corrección se guarda en el historial de la reunión.
checkin-edit-save = Guardar la corrección
