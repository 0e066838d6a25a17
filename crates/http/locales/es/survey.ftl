# Responder una encuesta: la página que abre una familia o un aliado con un enlace de un solo uso
# (o desde su página de inicio), la página de agradecimiento y sus errores, y el pulso de la
# alianza propio de Rapport. Se trata a la persona de "usted".

survey-you-answer-for = Responde en nombre de { $organization }. Abierta hasta el { $closes }.
survey-anonymous = Anónima: sus respuestas se guardan sin su nombre ni la hora en que las envió. Todas las preguntas son opcionales: omita a un aliado que no conozca bien y, cuando califique a un aliado, responda cada afirmación sobre él.
survey-part-of = Parte { $number } de { $total }
survey-comment-hint = { $count ->
    [one] Se muestra solo cuando haya respondido al menos 1 persona, y nunca con un nombre.
   *[other] Se muestra solo cuando hayan respondido al menos { $count } personas, y nunca con un nombre.
}
survey-send = Enviar mis respuestas
survey-send-once = Puede enviarlas una sola vez.
survey-other-language = Esta página en otro idioma:
survey-error-pick-step = elija uno de los niveles
survey-error-answer-one = responda al menos una pregunta
survey-error-rate-all = califique a un aliado en todas las afirmaciones sobre aliados, u omítalo por completo
survey-error-pick-options = deben ser opciones de la pregunta
survey-error-pick-one = elija exactamente una opción
survey-error-too-long = es demasiado largo
survey-error-field-answers = Sus respuestas

survey-thanks-heading = Gracias
survey-thanks-message = Gracias. Sus respuestas se guardaron sin su nombre y solo cuentan como parte de un grupo.
survey-answered-heading = Ya respondida
survey-answered-message = Este enlace ya se usó: cada enlace responde una sola vez. Gracias por participar.
survey-not-open-heading = Todavía no está abierta
survey-not-open-message = Esta encuesta se abre el { $opens }. Vuelva a este enlace ese día.
survey-closed-heading = Esta encuesta ya cerró
survey-closed-message = Ya no recibe respuestas. Gracias de todos modos.

# El pulso de la alianza propio de Rapport (SPEC 3.2), con el mismo sentido que en inglés.
pulse-title = Pulso de la alianza
pulse-section-trust = Cómo ve a cada aliado
pulse-section-value = Lo que aporta cada aliado
pulse-section-together = Cómo trabajamos juntos
pulse-section-comment = En sus propias palabras
pulse-follows-through = Cuando este aliado dice que hará algo, lo cumple.
pulse-shared-mission = Este aliado persigue el mismo propósito que nosotros.
pulse-open-to-discussion = Podemos plantearle un tema difícil a este aliado y nos escucha.
pulse-power-and-influence = Este aliado puede abrir puertas e influir en decisiones que importan para el trabajo.
pulse-level-of-involvement = Este aliado se hace presente y participa en el trabajo mismo.
pulse-resource-contribution = Este aliado aporta tiempo, personas, dinero, espacio o conocimientos.
pulse-communication = Me entero de las decisiones y los cambios con tiempo suficiente para actuar.
pulse-shared-goals = Podría explicarle a alguien nuevo lo que intentamos lograr juntos.
pulse-satisfaction = En general, me alegra que mi organización forme parte de esta alianza.
pulse-check-in-rhythm = Nuestras reuniones de seguimiento se hacen…
pulse-helped-most = ¿Qué ha ayudado más a la alianza últimamente? Marque las que quiera.
pulse-comment = ¿Hay algo que le gustaría que la alianza escuchara?
pulse-trust-1 = Nada
pulse-trust-2 = Un poco
pulse-trust-3 = En gran parte
pulse-trust-4 = Totalmente
pulse-value-1 = Muy poco
pulse-value-2 = Algo
pulse-value-3 = Bastante
pulse-value-4 = Muchísimo
pulse-agree-1 = Muy en desacuerdo
pulse-agree-2 = En desacuerdo
pulse-agree-3 = Ni de acuerdo ni en desacuerdo
pulse-agree-4 = De acuerdo
pulse-agree-5 = Muy de acuerdo
pulse-rhythm-rarely = Muy pocas veces
pulse-rhythm-right = Con la frecuencia adecuada
pulse-rhythm-often = Demasiado a menudo
pulse-helped-checkins = Reuniones de seguimiento regulares
pulse-helped-promises = Promesas cumplidas
pulse-helped-data = Compartir datos
pulse-helped-wins = Celebrar los logros
pulse-helped-honest = Conversaciones honestas

# Una encuesta en una lista.
survey-row-whole-network = Toda la red
survey-state-scheduled = Programada
survey-state-open = Abierta
survey-state-closed = Cerrada

# Las páginas de encuestas del coordinador: la lista, la página de una encuesta y el formulario que la envía.
surveys-heading = Encuestas de pulso
surveys-lead = Anónimas: las respuestas no llevan nombre y los resultados solo aparecen para grupos de al menos k personas, cuando la encuesta cierra.
surveys-new = Nueva encuesta
surveys-waiting = Esperan sus respuestas
surveys-until = { $dates }
surveys-answer-now = Responder ahora
surveys-all = Todas las encuestas
surveys-none = Todavía no hay encuestas.
surveys-send-pulse = Envíe el pulso de la alianza
surveys-send-pulse-why = para saber cómo se ven los aliados entre sí.
surveys-col-survey = Encuesta
surveys-col-asked = A quién se pregunta
surveys-col-state = Estado
surveys-col-open = Fechas
surveys-pulse-after-checkin = Un pulso después de cada reunión de seguimiento
surveys-pulse-partnerships = Alianzas que preguntan cómo fue
surveys-pulse-hint = Cuando alguien registra una reunión de seguimiento, el pulso de la alianza llega a sus miembros durante una semana, salvo que ya haya uno abierto.
survey-questions = { $count ->
    [one] 1 pregunta
   *[other] { $count } preguntas
}
survey-see-results = Ver los resultados
survey-you-answered = Ya respondió. Gracias: sus respuestas no llevan su nombre.
survey-response-rate = Tasa de respuesta
# Tras el número de quienes respondieron, en negrita.
survey-answered-of = {" "}de { $count } personas invitadas han respondido.
survey-invited = { $count ->
    [one] 1 persona invitada.
   *[other] { $count } personas invitadas.
}
survey-k-rule = Las puntuaciones solo se muestran para grupos de al menos { $k } personas, y los comentarios, para al menos { $k_comments }. Nadie, ni siquiera los coordinadores, puede ver quién respondió qué.
survey-link-made = Enlace de un solo uso.
survey-link-copy-now = Cópielo ahora: se muestra una sola vez y sirve para responder la encuesta una vez, sin cuenta.
survey-thin-heading = Grupos que nunca podrán mostrarse
survey-thin = Hay menos de { $k } personas invitadas a responder por { $groups }. Sus calificaciones cuentan en grupos más grandes, pero su propio grupo nunca podrá mostrarse, para que las respuestas sigan siendo anónimas.
survey-thin-add-links = Para cambiarlo, añada enlaces de un solo uso para ellas antes de que se abra la encuesta.
survey-thin-group = { $name } ({ $count ->
    [one] 1 persona invitada
   *[other] { $count } personas invitadas
})
survey-close-early = Cerrar antes
survey-close-hint = ¿Ya respondieron todos los que iban a responder? Ciérrela ahora y sus resultados estarán listos al momento. Nadie podrá responder después.
survey-close-confirm = ¿Cerrar esta encuesta ahora? Nadie podrá responderla después.
survey-close-now = Cerrar la encuesta ahora
survey-invite-heading = Invitar a alguien sin cuenta
survey-invite-lead = Un enlace de un solo uso permite que un familiar o un aliado sin cuenta responda una vez, en nombre de la organización que usted elija. Imprímalo o envíeselo a esa persona; se muestra una sola vez.
survey-links-tilt = Los enlaces pueden sesgar los resultados.
survey-links-tilt-why = Quien crea enlaces podría responder a través de ellos. Por eso los enlaces solo se crean antes de que se abra la encuesta (el { $opens }), cada uno registra quién lo creó, quien lo creó no puede usarlo con su sesión iniciada, usted ve los resultados como los vería cualquier participante y los resultados indican cuántas personas de cada grupo respondieron con un enlace.
survey-link-answers-for = Responde en nombre de
survey-link-language = Idioma de la página que abre
survey-link-browser-language = El idioma que pida su navegador
survey-link-create = Crear un enlace de un solo uso
survey-links-closed = Los enlaces se crean antes de que se abra una encuesta: una vez abierta, quién puede responder queda fijado, de modo que cualquier respuesta colada con enlaces tendría que planearse de antemano y quedaría a la vista.
survey-rate-label = Tasa de respuesta
survey-form-heading = Enviar el pulso de la alianza
survey-form-lead = Se invita a todas las personas que pertenecen a una organización consultada, y cada una la ve en su página de inicio. Cada persona califica a los demás aliados, nunca a su propia organización.
survey-form-who = A quién se pregunta
survey-form-who-hint = Una alianza, o todas las organizaciones de la red
survey-form-opens = Se abre el
survey-form-opens-hint = Para repartir enlaces de un solo uso (familias o aliados sin cuenta), ábrala mañana o más tarde: los enlaces se crean antes de que se abra la encuesta.
survey-form-closes = Se cierra después del
survey-form-closes-hint = Los resultados aparecen al día siguiente
survey-form-k = Grupo más pequeño que se muestra (k)
survey-form-k-hint = Al menos 3; no se puede cambiar una vez enviada la encuesta
survey-form-k-comments = Grupo más pequeño para los comentarios
survey-form-k-comments-hint = Al menos k
survey-form-own-legend = Una afirmación propia (opcional)
survey-form-own-hint = Se pregunta junto con las preguntas sobre cómo trabajan juntos, y se califica de «Muy en desacuerdo» a «Muy de acuerdo». Escríbala en inglés y, para quienes leen otro idioma, también en el suyo: cada persona la verá en su idioma.
survey-form-own-text = Su afirmación
survey-form-own-text-hint = P. ej. The family nights are worth our time.
survey-form-own-in = La misma afirmación en { $language }
survey-form-the-questions = { $count ->
    [one] La pregunta
   *[other] Las { $count } preguntas
}
survey-form-send = Enviar la encuesta

# Los resultados de una encuesta.
survey-results-title = Resultados
survey-results-heading = Resultados: { $title }
survey-results-k-rule = No se muestran los grupos de menos de { $count } personas, ni ningún grupo que permita deducir uno de ellos.
survey-results-overall = Todos, por dimensión
survey-results-by-partnership = Por alianza
survey-results-rated = Cómo se ve a cada aliado
survey-results-none-rated = No se calificó a ningún aliado.
survey-results-rating = Cómo ve cada organización a sus aliados
survey-results-pairs = Entre pares
survey-results-partnership = La alianza
survey-results-comments = Con sus propias palabras
survey-results-no-comments = No hay comentarios.
survey-results-alphabetical = En orden alfabético, nunca en el orden en que se enviaron.
survey-results-everyone = Todos
survey-results-pair = { $from } sobre { $about }
survey-results-trust = Confianza percibida
survey-results-value = Valor percibido
survey-results-respondents = { $count ->
    [one] 1 persona respondió
   *[other] { $count } personas respondieron
}
survey-results-people-answered = { $count ->
    [one] 1 persona respondió
   *[other] { $count } personas respondieron
}
survey-results-through-links = { $count ->
    [one] { $respondents }, 1 con un enlace de un solo uso
   *[other] { $respondents }, { $count } con enlaces de un solo uso
}
survey-results-sentence = { $what }.
survey-results-too-few = Respondieron menos de { $count } personas.
survey-results-mean = Media de { $mean } en una escala de 1 a { $count }
survey-results-comments-from = Los comentarios solo aparecen cuando han respondido al menos { $count } personas.
survey-rate-too-few = Menos de { $count } respuestas por ahora: el número se muestra a partir de { $count }.
survey-suppressed-too-few = Menos de { $count } respuestas: no se muestra, para que las respuestas sigan siendo anónimas.
survey-suppressed-complement = No se muestra: junto con el resultado general revelaría un grupo de menos de { $count } personas.
survey-suppressed-protects-another = No se muestra: permitiría deducir por resta un grupo oculto de menos de { $count } personas.
survey-suppressed-parent-hidden = No se muestra: el grupo al que pertenece tiene menos de { $count } respuestas.
survey-suppressed-combination = No se muestra: combinado con los demás resultados que se muestran aquí, aislaría las respuestas de menos de { $count } personas.
survey-suppressed-own-answer = No se muestra a quienes respondieron esta encuesta: sin contar su propia respuesta, se basaría en menos de { $count } personas más.
survey-dimension-follows-through = Cumple sus compromisos
survey-dimension-shared-mission = Comparte nuestra misión
survey-dimension-open-to-discussion = Abierto al diálogo
survey-dimension-power-and-influence = Poder e influencia
survey-dimension-level-of-involvement = Grado de participación
survey-dimension-resource-contribution = Aporte de recursos
survey-question-hidden = No se muestra, para que las respuestas sigan siendo anónimas.
