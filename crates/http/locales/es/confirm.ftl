# Las páginas que preguntan antes de un cambio que no se puede deshacer: la pregunta, lo que
# sigue, el botón.

confirm-archive-button = Sí, archivarlo
confirm-remove-button = Sí, quitarlo
confirm-revoke-button = Sí, revocarlo
confirm-turn-off-button = Sí, desactivarlo

confirm-milestone-archive-heading = ¿Archivar este hito?
confirm-milestone-archive-detail = «{ $title }» deja de contar para el objetivo. Esto no se puede deshacer aquí.
confirm-commitment-archive-heading = ¿Archivar este compromiso?
confirm-commitment-archive-detail = «{ $description }» sale del historial de la alianza y deja de contar a favor o en contra de nadie. Hágalo solo con un compromiso registrado por error; no se puede deshacer aquí.
confirm-checkin-archive-heading = ¿Archivar esta reunión de seguimiento?
confirm-checkin-archive-detail = La reunión del { $day } deja de contar para el ritmo de reuniones de la alianza. Esto no se puede deshacer aquí.
confirm-milestone-met-heading = ¿Marcar este hito como alcanzado?
confirm-milestone-met-detail = «{ $title }» quedará registrado como alcanzado hoy, { $day }. Para registrar otro día, o para deshacerlo, edite el hito.
confirm-milestone-met-button = Sí, está alcanzado
confirm-agreement-archive-heading = ¿Archivar este acuerdo?
confirm-agreement-archive-detail = Sale de las listas, las alertas, los recordatorios y los calendarios. Su historial queda en el registro de actividad.
confirm-survey-close-heading = ¿Cerrar esta encuesta ahora?
confirm-survey-close-detail = Después de esto nadie podrá responder «{ $title }», y sus resultados estarán listos de inmediato.
confirm-survey-close-button = Sí, cerrarla
confirm-webhook-secret-heading = ¿Crear un nuevo secreto de firma?
confirm-webhook-secret-detail = El webhook a { $url } recibe un secreto nuevo, que se muestra una sola vez. Los receptores que comprueban el anterior rechazarán los próximos envíos hasta tener el nuevo.
confirm-webhook-secret-button = Sí, crear un secreto nuevo
confirm-webhook-remove-heading = ¿Quitar este webhook?
confirm-webhook-remove-detail = No se enviará nada más a { $url }, y su registro de envíos se elimina con él. Esto no se puede deshacer.
confirm-link-remove-heading = ¿Quitar este enlace?
confirm-link-remove-detail = Solo se quita el enlace: el documento sigue donde lo guardan los socios.
confirm-invitation-revoke-heading = ¿Revocar esta invitación?
confirm-invitation-revoke-detail = Su enlace deja de funcionar de inmediato. Puede volver a invitar a la misma persona más adelante.
confirm-sign-out-heading = ¿Cerrar sesión en todos los navegadores?
confirm-sign-out-detail = Se cierra la sesión en todos los navegadores conectados a su cuenta, también en este. Las claves de API siguen funcionando.
confirm-sign-out-button = Sí, cerrar sesión en todos
confirm-token-revoke-heading = ¿Revocar esta clave?
confirm-token-revoke-detail = Todo lo que la usa deja de funcionar de inmediato, y no se puede volver a activar.
confirm-my-feed-heading = ¿Desactivar su calendario?
confirm-my-feed-detail = Los calendarios suscritos dejan de actualizarse. Puede crear un enlace nuevo más adelante.
confirm-partnership-feed-heading = ¿Desactivar el calendario de esta alianza?
confirm-partnership-feed-detail = Los calendarios suscritos dejan de actualizarse. Puede publicar un enlace nuevo más adelante.
