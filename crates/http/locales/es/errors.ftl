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
