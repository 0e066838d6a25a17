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
