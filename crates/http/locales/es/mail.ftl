# Correos: los recordatorios diarios, el resumen semanal, el enlace de "olvidé mi contraseña" y una
# invitación. Cada mensaje es una línea del correo; las líneas entre ellos las pone el código.

mail-hello = Hola, { $name }:
mail-hello-anyone = Hola:
mail-reminders-subject-one = { $workspace }: { $title }
mail-reminders-subject = { $count ->
    [one] { $workspace }: { $count } cosa le espera
   *[other] { $workspace }: { $count } cosas le esperan
}
mail-reminders-intro = Esto es lo que le espera en { $workspace }.
mail-settings = Elija qué recibe, o pause los recordatorios por un tiempo: { $url }
mail-digest-subject = { $workspace }: su semana
mail-digest-intro = Su semana en { $workspace }.
mail-digest-clear = No vence nada en los próximos siete días.
mail-digest-warnings = Alertas tempranas en sus alianzas
mail-digest-kudos = Agradecimientos recibidos la semana pasada
mail-kudos-line = «{ $message }» ({ $day })
mail-checkin-title = Reunión de seguimiento de { $partnership }
mail-checkin-detail = reunión de seguimiento ({ $cadence }), { $due }
mail-commitment-detail = { $due }, { $partnership }
mail-goal-detail = sin actualizar su avance desde el { $since }, { $partnership }
mail-survey-detail = abierta hasta el { $day }
mail-concern-detail = por favor, acuse recibo: { $due }
mail-follow-up-never = nunca contactado
mail-follow-up-last = último contacto el { $day }
mail-agreement-lapsed = { $count ->
    [one] terminó hace { $count } día pero sigue marcado como vigente, { $partnership }
   *[other] terminó hace { $count } días pero sigue marcado como vigente, { $partnership }
}
mail-agreement-ends = termina el { $day }, { $partnership }: decidan si se renueva
mail-reset-subject = Cambie su contraseña de Rapport
mail-reset-asked = Alguien, esperamos que usted, pidió cambiar la contraseña de su cuenta de Rapport ({ $email }).
mail-reset-choose = Elija una contraseña nueva aquí dentro de la próxima hora:
mail-reset-once = El enlace funciona una sola vez. Si usted no lo pidió, ignore este correo: su contraseña no cambia.
mail-invitation-subject = Únase a { $workspace } en Rapport
mail-invitation-invites = { $inviter } le invita a unirse a { $workspace } en Rapport, como { $role }.
mail-invitation-open = Abra este enlace para aceptar; funciona una sola vez, hasta el { $day } (UTC):
mail-invitation-ignore = Si no esperaba esta invitación, puede ignorar este correo.
