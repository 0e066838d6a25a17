# Las palabras del motor de confianza: el panel de salud y confianza de la página de una alianza,
# las alertas tempranas con sus motivos y próximos pasos, la bandeja de alertas, la página de una
# alerta y la fiabilidad.

trust-heading = Salud y confianza
trust-warnings-link = Alertas de esta alianza
trust-health-index = Índice de salud
trust-last-twelve-months = Últimos doce meses
trust-rests-on = En qué se basa el índice
trust-keeps-word = Quién cumple su palabra aquí
trust-early-warnings = Alertas tempranas
trust-no-data = Sin datos
trust-chart-label = El índice de salud
trust-weight-counted = peso { $weight } → { $share } del índice
trust-weight-not-counted = peso { $weight }, no cuenta
# $missing nombra los componentes sin datos: "Metas e Inquietudes".
trust-note-missing = { $count ->
    [one] { $missing } todavía no tiene datos, así que el índice es la media ponderada de los demás componentes.
   *[other] { $missing } todavía no tienen datos, así que el índice es la media ponderada de los demás componentes.
}
health-component-reliability = Fiabilidad
health-component-perceived-trust = Confianza percibida
health-component-cadence = Ritmo de reuniones
health-component-goals = Metas
health-component-concerns = Inquietudes

# En qué se basa el valor de un componente de la salud.
health-outcomes = { $count ->
    [one] 1 resultado de compromiso
   *[other] { $count } resultados de compromisos
}
health-reliability = Fiabilidad esperada del { $expected } (intervalo creíble del { $level }: { $low }–{ $high }) a partir de { $outcomes }, con más peso para los recientes
health-too-little-evidence = Todavía no hay evidencia suficiente: { $outcomes } hasta ahora, con un peso de { $weight } de los { $needed } necesarios
health-no-survey = Todavía no ha cerrado ninguna encuesta de pulso; la confianza percibida cuenta cuando cierre una
# $closed es el día como 2026-03-31; $closed_day, como 31 de marzo de 2026.
health-survey-trust = { $percent } de confianza en la red en la encuesta que cerró el { $closed_day }
health-survey-too-few = La encuesta que cerró el { $closed_day } tuvo muy pocas respuestas para mostrar resultados sin poner en riesgo el anonimato de nadie
health-cadence-too-early = Es pronto para saberlo: con un ritmo { $cadence }, la primera reunión de seguimiento se espera a los { $days } días
health-checkins-held = { $held } de { $expected } reuniones de seguimiento esperadas se celebraron { $window } (ritmo { $cadence })
health-window-last = en los últimos { $span }
health-window-since = desde que la alianza empezó hace { $span }
health-milestones = { $count ->
    [one] 1 hito
   *[other] { $count } hitos
}
health-open-goals = { $count ->
    [one] 1 meta abierta
   *[other] { $count } metas abiertas
}
health-goals-milestones = Hitos alcanzados a tiempo: { $on_time } de { $due } con vencimiento { $window }
health-goals-both = { $milestones }; confianza media del { $mean } en { $goals } con una actualización de avance
health-goals-milestones-only = { $milestones }; ninguna meta abierta tiene todavía una actualización de avance
health-goals-confidence-only = Confianza media del { $mean } en { $goals } con una actualización de avance; ningún hito vencía { $window }
health-goals-none = Ningún hito vencía { $window } y ninguna meta abierta tiene todavía una actualización de avance
health-concerns-too-young = Cuenta cuando la alianza tenga { $min } días; ahora tiene { $age }
health-concerns-past = { $count ->
    [0] Ninguna inquietud abierta ha superado su plazo de acuse de recibo
    [one] 1 inquietud abierta ha superado su plazo de acuse de recibo
   *[other] { $count } inquietudes abiertas han superado su plazo de acuse de recibo
}

# La fiabilidad, como la muestran el panel de confianza y el registro de una organización.
reliability-too-early = Es pronto para saberlo
reliability-too-few = menos de 3 compromisos han vencido lo bastante recientemente para juzgar
reliability-range = { $level } de probabilidad de estar entre { $low } y { $high }
reliability-nothing-due = todavía no ha vencido ningún compromiso
reliability-evidence = a partir de los compromisos que vencieron, con más peso para los recientes: equivalen a unos { $kept } cumplidos y { $not_kept } no cumplidos
reliability-none = ninguno
reliability-less-than-one = menos de uno
reliability-weighted = Resultados ponderados: cumplidos r = { $r }, no cumplidos s = { $s } (cada resultado pesa 1 el día en que ocurre y se reduce a la mitad con cada vida media transcurrida).
reliability-numbers = { $weighted } Fiabilidad esperada (r + 1) / (r + s + 2) = { $expected }; el intervalo del { $level } es el intervalo creíble de colas iguales de Beta(r + 1, s + 1): de { $low } a { $high }.
reliability-numbers-too-early = { $weighted } Una estimación necesita que r + s sea al menos 3.
chart-interval = { $label }: { $expected } esperado, { $level } de probabilidad de estar entre { $low } y { $high }
chart-interval-none = { $label }: todavía no hay evidencia suficiente
# Lo que dice un lector de pantalla de un gráfico de tendencia; $what es lo que dibuja.
chart-trend-went = { $what } pasó de { $first } a finales de { $first_month } a { $last } el { $last_day }
chart-trend-was = { $what } era { $value } el { $day }; no hay datos suficientes de antes
chart-trend-none = Todavía no hay datos suficientes para dibujar { $what }
chart-month-year = { $month } de { $year }
chart-point = { $day } { $month } { $year }
chart-month-jan = ene
chart-month-feb = feb
chart-month-mar = mar
chart-month-apr = abr
chart-month-may = may
chart-month-jun = jun
chart-month-jul = jul
chart-month-aug = ago
chart-month-sep = sept
chart-month-oct = oct
chart-month-nov = nov
chart-month-dec = dic

# Una alerta temprana como la muestra su tarjeta.
warning-next-step = Próximo paso:
warning-send-kudos = Enviar un reconocimiento
warning-records-behind = Registros en que se basa:
warning-records-commitments = Compromisos
warning-records-checkins = Reuniones de seguimiento
warning-records-goals = Metas
warning-records-milestones = Hitos
warning-records-organisation = Organización
warning-records-concerns = Inquietudes
warning-records-survey-waves = Rondas de encuestas
warning-records-contributions = Aportes
warning-records-kudos = Reconocimientos
warning-records-retrospectives = Retrospectivas
warning-records-agreements = Acuerdos
warning-records-profile = perfil
warning-raised = creada { $when }
warning-state-acknowledged = Recibida: { $reason }
warning-state-snoozed = Pospuesta hasta el { $day }
warning-state-no-longer = { $state } · ya no aplica desde el { $day }
warning-no-longer = Ya no aplica desde el { $day }

# Por qué Rapport levantó una alerta. Los días y las cantidades llegan escritos ("3 días"); los
# días, como 9 de junio de 2026.
warning-missed-recently = { $count ->
    [one] 1 compromiso quedó sin cumplir en los últimos { $window }; el más antiguo, de { $by }, lleva { $overdue } de retraso.
   *[other] { $count } compromisos quedaron sin cumplir en los últimos { $window }; el más antiguo, de { $by }, lleva { $overdue } de retraso.
}
warning-one-overdue = Un compromiso de { $by } lleva { $overdue } de retraso y aún no se ha cumplido.
warning-several-missed = { $count } compromisos no se han cumplido y siguen pendientes; el más antiguo, de { $by }, lleva { $overdue } de retraso.
warning-no-checkin-since = No hay reunión de seguimiento desde hace { $gap }, cuando se celebró la última, el { $last }: al menos { $factor } veces el ritmo { $cadence }.
warning-no-checkin-yet = No se ha registrado ninguna reunión de seguimiento en los { $gap } transcurridos desde que empezó la alianza, aunque se reúne con un ritmo { $cadence }.
warning-trust-fell = La confianza percibida bajó del { $before } al { $after } entre las encuestas que cerraron el { $previous } y el { $latest }.
warning-reliability-fell = La fiabilidad esperada bajó del { $before } al { $after } en los últimos { $span }.
warning-goal-near-due = La meta «{ $goal }» está marcada como { $confidence } y faltan { $left } para su fecha límite.
warning-goal-past-due = La meta «{ $goal }» está marcada como { $confidence } y su fecha límite pasó hace { $past }.
warning-goal-behind = La meta «{ $goal }» lleva el { $progress } del camino hacia su objetivo con el { $elapsed } de su plazo ya transcurrido.
warning-goal-marked = La meta «{ $goal }» está marcada como { $confidence }.
warning-concern-waiting = Una inquietud planteada el { $raised } lleva { $waited } esperando acuse de recibo; el plazo era el { $deadline }.
warning-kept-most = { $by } cumplió { $mine } de los { $count } compromisos cumplidos en los últimos { $span } ({ $share }).
warning-made-most = { $by } hizo el { $share } de los aportes registrados en los últimos { $span }.
warning-quiet-partner = { $count ->
    [one] { $name } no estuvo en la última reunión de seguimiento, del { $since }.
   *[other] { $name } no ha estado en las últimas { $count } reuniones de seguimiento, desde el { $since }.
}
warning-milestone-unthanked = El hito «{ $milestone }» se alcanzó el { $met } y nadie ha dado las gracias todavía.
warning-on-time-streak = { $by } ha cumplido a tiempo sus últimos { $count } compromisos.
warning-agreement-lapsed = El acuerdo «{ $agreement }» terminó hace { $ago } (el { $ended }) pero sigue marcado como vigente: los aliados trabajan sin un acuerdo en vigor.
warning-agreement-ending = El acuerdo «{ $agreement }» termina { $when } (el { $ends }): es momento de decidir si se renueva.

# Lo que los aliados pueden hacer ante una alerta.
action-commitments = Programe una breve reunión de seguimiento para revisar funciones y plazos, y renegocie abiertamente cualquier fecha que ya no se pueda cumplir en lugar de dejarla pasar.
action-cadence = Ponga ya la próxima reunión de seguimiento en el calendario: una conversación breve y regular mantiene a todos informados y detecta los problemas cuando aún son pequeños.
action-trust-fell = Abra la próxima reunión de seguimiento con una conversación franca sobre lo que funciona y lo que no, escuche antes de proponer soluciones y acuerden juntos un cambio concreto.
action-reliability-fell = Revisen juntos los compromisos abiertos: renegocien antes de la fecha límite los que no se puedan cumplir y compartan las malas noticias pronto y no tarde.
action-goal = Revisen juntos esta meta en la próxima reunión de seguimiento: confirmen sus hitos y quién se encarga de cada uno, y acuerden si hay que cambiar el plan o el objetivo.
action-concern = Acuse recibo de la inquietud ahora, aunque sea brevemente, y acuerden cuándo hablarla a fondo; si la conversación se estanca, nombren a un mediador neutral.
action-one-sided = Hablen abiertamente de cómo se reparte el trabajo: reconozcan lo que aporta cada aliado y acuerden funciones para que cada miembro asuma una parte justa.
action-quiet-partner = Contacte personalmente con { $name } para preguntarle cómo le está funcionando la alianza, e invítele a ayudar a preparar el orden del día de la próxima reunión de seguimiento.
action-milestone = Envíe un reconocimiento a las personas que hicieron posible este hito y comparta la noticia con toda la alianza: los pequeños logros celebrados juntos generan confianza.
action-streak = Envíe un reconocimiento a { $by } por cumplir su palabra y cuéntele lo que su constancia hizo posible.
action-agreement = Reúnanse para revisar juntos las metas compartidas antes de renovar: qué hizo posible el acuerdo, qué debería cambiar y quién firma qué y para cuándo.

# La bandeja de alertas y la página de una alerta.
warnings-title = Alertas
warnings-all = Todas las alertas
warnings-inbox = Bandeja de alertas
warnings-lead = Señales tempranas de que una alianza necesita atención, cada una con los registros en que se basa y un próximo paso. Las buenas noticias también están aquí.
warnings-kind = Tipo
warnings-any-kind = Cualquier tipo
warnings-severity = Gravedad
warnings-any-severity = Cualquier gravedad
warnings-include-history = Incluir las alertas recibidas, pospuestas y pasadas
warnings-show = Mostrar
warnings-show-all = Mostrar toda la bandeja
warnings-none-match = Ninguna alerta coincide.
warnings-none = Ahora mismo nada requiere atención.
warning-acknowledge = Acusar recibo
warning-acknowledge-hint = Diga qué se está haciendo; la alerta sale de la bandeja y queda en el historial con su nota.
warning-what-is-done = Qué se está haciendo al respecto
warning-snooze = Posponer
warning-snooze-hint = Ocúltela hasta un día; entonces vuelve si todavía aplica.
warning-snooze-until = Posponer hasta
warning-why-optional = Por qué (opcional)
warning-out-of-inbox = Esta alerta está fuera de la bandeja.
warning-put-back = Devolverla a la bandeja

# La página de fiabilidad de una organización.
reliability-title = Fiabilidad de { $name }
reliability-lead = Hasta qué punto { $name } cumple los compromisos que asume. Los resultados recientes pesan más: un resultado cuenta la mitad pasados { $span }.
reliability-lead-as-of = Hasta qué punto { $name } cumple los compromisos que asume, tal como estaban las cosas el { $day }. Los resultados recientes pesan más: un resultado cuenta la mitad pasados { $span }.
reliability-as-of = A fecha de
reliability-overall = En conjunto
reliability-the-numbers = Las cifras
reliability-twelve-months = Los últimos doce meses
reliability-trend-explained = La fiabilidad esperada al final de cada mes, según los registros de entonces. Los huecos indican que ese mes hubo muy poca evidencia.
reliability-towards-each = Con cada aliado
reliability-no-counterparts = Ningún compromiso con otra organización tiene todavía un resultado.
reliability-promised-to = Prometido a
reliability-expected = Esperada
reliability-range-heading = Intervalo
reliability-behind = Los compromisos en que se basa
reliability-nothing-due-yet = Todavía no ha vencido ningún compromiso que usted pueda ver.
reliability-commitment = Compromiso
reliability-to = Para
reliability-outcome = Resultado
reliability-counts-now = Cuenta ahora
reliability-rules = Un compromiso cuenta por completo el día de su resultado y la mitad pasados { $span }. Cumplido a tiempo cuenta como cumplido; cumplido con retraso cuenta mitad cumplido, mitad no; no cumplido (3 días después del vencimiento) cuenta como no cumplido. Renegociado antes de la fecha límite o cancelado de común acuerdo no cuenta.
reliability-outcome-on-time = cumplido a tiempo
reliability-outcome-late = cumplido con retraso
reliability-outcome-missed = no cumplido
reliability-outcome-none = todavía sin evidencia
reliability-whole-partnership = toda la alianza
reliability-chart-label = Fiabilidad esperada de { $name }
chart-share-of-answers = { $label }: { $percent } de las respuestas
