# Páginas de error.

error-status = Error { $status }
error-home = Ir a su página de inicio
error-csrf-heading = Este formulario ha caducado
error-csrf-message = No se guardó nada. Vuelva atrás, recargue la página e inténtelo de nuevo. (El formulario no llevaba el código de seguridad de esta sesión, lo que ocurre después de cerrar sesión o en otra pestaña).
error-foreign-heading = Enviado desde otro sitio web
error-foreign-message = Este formulario se envió desde otro sitio web, así que Rapport lo ignoró y no cambió nada. Abra Rapport directamente e inténtelo allí.
error-not-found-heading = Página no encontrada
error-not-found-message = Aquí no hay nada, o no se ha compartido con usted. Revise el enlace o vuelva a empezar desde su página de inicio.
error-forbidden-heading = No puede hacer esto
error-forbidden-message = Su rol no lo permite: { $why }.
error-stale-heading = Otra persona lo cambió primero
error-conflict-heading = Eso choca con lo que ya está registrado
error-invalid-heading = Algo en el formulario no está bien
error-bad-request-heading = No se entendió la solicitud
error-too-large-heading = Es más de lo que Rapport acepta de una vez
error-busy-heading = Rapport está ocupado en este momento
error-busy-message = No se cambió nada. Espere unos segundos e inténtelo de nuevo.
error-throttled-heading = Demasiados intentos
error-throttled-message = Demasiados intentos: vuelva a intentarlo dentro de { $seconds } segundos. No se cambió nada.
error-internal-heading = Algo salió mal de nuestro lado
error-internal-message = Quedó registrado. Inténtelo de nuevo en un momento.

# Por qué la aplicación rechaza algo: sus motivos fijos (ui/refusals.rs).

why-observers = los observadores pueden leer pero no cambiar nada
why-coordinators = solo los coordinadores y los propietarios pueden hacerlo
why-survey-settings = solo los coordinadores y los propietarios pueden cambiar cómo se encuesta a una alianza
why-survey-close = solo los coordinadores y los propietarios pueden cerrar una encuesta
why-survey-links = solo los coordinadores y los propietarios pueden repartir enlaces de encuesta
why-survey-send = solo los coordinadores y los propietarios pueden enviar encuestas
why-import = solo los coordinadores y los propietarios pueden importar
why-webhooks = solo los coordinadores y los propietarios pueden gestionar los webhooks
why-feed = solo los coordinadores y los propietarios pueden publicar el calendario de una alianza
why-activity = solo los coordinadores y los propietarios pueden leer el registro de actividad
why-reports = solo los coordinadores y los propietarios guardan informes, escriben resúmenes y los comparten
why-contacts = solo los coordinadores y los miembros de la propia organización pueden cambiar sus contactos
why-organization = solo los coordinadores y los miembros de la propia organización pueden editarla
why-roles = solo los propietarios pueden cambiar los roles de las personas
why-trust-settings = solo los propietarios pueden cambiar los ajustes de confianza
why-workspace-language = solo los propietarios pueden cambiar el idioma del espacio de trabajo
why-time-zone = solo los propietarios pueden cambiar la zona horaria del espacio de trabajo
why-rename = solo los propietarios pueden cambiar el nombre del espacio de trabajo
why-invite = su rol no puede invitar a personas
why-invite-role = su rol no puede invitar a personas con este rol
why-not-invited = usted no está invitado a responder esta encuesta
why-own-link = usted creó este enlace: es para la persona a quien se lo entregue, no para una respuesta suya
why-another-address = esta invitación es para otra dirección de correo; inicie sesión con esa dirección para aceptarla
why-agreement-archived = este acuerdo está archivado
why-checkin-archived = esta reunión de seguimiento está archivada: restáurela antes de corregirla
why-commitment-archived = este compromiso está archivado: se registró por error
why-already-answered = esta encuesta ya se respondió con esta invitación
why-concern-move = solo los miembros de la alianza, los coordinadores y la persona mediadora pueden hacer avanzar esta inquietud
why-concern-withdraw = solo quien planteó una inquietud, o un coordinador, puede retirarla
why-concern-acknowledge = el acuse de recibo de una inquietud lo da alguien distinto de quien la planteó
