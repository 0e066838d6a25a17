# La página de inicio del espacio de trabajo: lo que requiere a la persona hoy, sus compromisos y
# sus alianzas.

home-hello = Hola, { $name }
home-network-heading = La red hoy
home-network-health-link = Salud de cada alianza
home-network-empty = Todavía no hay alianzas registradas.
home-network-partnerships = { $count ->
    [one] 1 alianza:
   *[other] { $count } alianzas:
}
home-network-healthy = { $count ->
    [one] 1 va bien
   *[other] { $count } van bien
}
home-network-needing-help = { $count ->
    [one] 1 necesita apoyo
   *[other] { $count } necesitan apoyo
}
home-network-no-data = { $count } aún sin registros suficientes
home-network-no-warnings = Ninguna alerta requiere atención.
home-network-warnings = { $count ->
    [one] 1 alerta requiere atención
   *[other] { $count } alertas requieren atención
}
home-network-lowest = Primero las de menor salud
home-warning-count = { $count ->
    [one] 1 alerta
   *[other] { $count } alertas
}
home-needs-heading = Lo que requiere su atención hoy
home-nothing-urgent-organisation = Nada urgente: ninguna alerta requiere atención, ninguna inquietud espera respuesta y ningún compromiso de su organización está atrasado.
home-nothing-urgent = Nada urgente: ninguna alerta requiere atención y ninguna inquietud espera respuesta.
home-promises-overdue = Compromisos de su organización, vencidos
home-promises-due-soon = Compromisos de su organización, por vencer
home-needs-warnings-and-concerns = Alertas e inquietudes, primero las más graves
home-all-warnings = Todas las alertas
home-all-concerns = Todas las inquietudes
home-need-warning-detail = { $partnership } · señalada { $when }
home-need-concern-late = sin respuesta; el acuse de recibo vencía { $when }
home-need-concern-by = acusar recibo a más tardar el { $day }
home-need-concern-overdue = Inquietud atrasada
home-need-concern = Inquietud
home-surveys-heading = Encuestas que esperan sus respuestas
home-survey-anonymous = anónima
home-survey-answer = Responder ahora
home-follow-ups-heading = Momento de retomar el contacto
home-follow-ups-help = Contactos con los que usted mantiene relación, primero los de mayor atraso. Una llamada, una visita o una reunión de seguimiento juntos reinicia el plazo.
home-follow-up-at = de
home-log-contact = Registrar contacto
home-log-contact-with = {" "}con { $name }
home-never-contacted = nunca contactado
home-last-contacted = último contacto { $when }
home-follow-up-was-due = el seguimiento vencía { $when }
home-show-more = Mostrar { $count } más
home-this-week-heading = También esta semana
home-this-week-email = Rapport puede avisarle de esto por correo electrónico.
home-this-week-choose = Elegir sus recordatorios
home-week-checkin = Reunión de seguimiento de { $partnership }
home-week-checkin-detail = reunión { $cadence ->
    [weekly] semanal
    [fortnightly] quincenal
    [monthly] mensual
   *[quarterly] trimestral
}: { $due }
home-week-goal-detail = sin actualización de avance desde el { $since }, { $partnership }
home-mine-heading = Sus compromisos
home-mine-nothing-open = Nada pendiente: no hay compromisos suyos ni de su organización en espera.
home-mine-coordinator = Ningún compromiso es suyo: usted no pertenece a una organización miembro. Como coordinador, puede seguir cada alianza más abajo.
home-mine-no-organisation = Usted todavía no pertenece a una organización, así que no tiene compromisos que cumplir. Un propietario puede agregarlo a una en Configuración.
home-mine-see-needs = Los vencidos o por vencer aparecen en
home-mine-open = Abiertos
home-all-partnerships = Todas las alianzas
home-no-partnerships = Todavía no hay alianzas.
home-add-organisations = Agregue las organizaciones
home-then = {" "}y luego
home-start-partnership = inicie una alianza
home-between-them = entre ellas.
home-see-all-partnerships = Ver todas las alianzas
