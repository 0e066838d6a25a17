# Las alianzas: su lista y la página de cada alianza.

partnership-new = Nueva alianza
partnerships-archived-heading = Alianzas archivadas
partnerships-status = Estado
partnerships-any-status = Cualquier estado
partnerships-kind = Tipo
partnerships-any-kind = Cualquier tipo
partnerships-filter = Filtrar
partnerships-show-current = Ver las alianzas actuales
partnerships-show-archived = Ver las archivadas
partnerships-import = Importar desde CSV
partnerships-none-match = Ninguna alianza coincide con estos filtros.
partnerships-none-match-page = Ninguna alianza de esta página coincide con estos filtros.
partnerships-none-archived = No hay alianzas archivadas.
partnerships-none-yet = Todavía no hay alianzas. Una alianza reúne a dos o más organizaciones en torno a una visión compartida.
partnerships-start-first = Iniciar la primera
partnerships-not-part = Usted todavía no forma parte de ninguna alianza.
partnerships-col-partnership = Alianza
partnerships-col-meets = Se reúne
partnerships-more = Más alianzas →
cadence-meets-lower = { $cadence ->
    [weekly] se reúne cada semana
    [fortnightly] se reúne cada quince días
    [monthly] se reúne cada mes
   *[quarterly] se reúne cada trimestre
}
partnership-chip-archived = Archivada
cadence-meets = { $cadence ->
    [weekly] Se reúne cada semana
    [fortnightly] Se reúne cada quince días
    [monthly] Se reúne cada mes
   *[quarterly] Se reúne cada trimestre
}
partnership-no-checkin-yet = Todavía no hay reuniones de seguimiento registradas
partnership-checkin-overdue = Reunión de seguimiento atrasada
partnership-checkins-on-track = Reuniones de seguimiento al día
partnership-last-checkin = Última reunión: { $day } ({ $when })
partnership-next-checkin = Próxima prevista: { $day } ({ $when })

# Las metas y sus hitos, como los muestra la página de la alianza.
milestone-met-on = cumplido el { $day }
milestone-met = Cumplido
milestone-met-late = Cumplido con retraso
milestone-not-met = No cumplido
milestone-coming-up = Próximo
milestone-planned = Previsto
goal-measure-now = { $value } ahora
goal-measure-from-towards = de { $baseline } hacia { $target }
goal-measure-target = meta: { $target }
goal-measure-baseline = punto de partida: { $baseline }

# La página de la alianza.
partnership-record-checkin = Registrar reunión
partnership-edit = Editar
partnership-restore = Restaurar
partnership-archive = Archivar
partnership-archive-confirm = ¿Archivar { $name }? Sale de las listas; su historial se conserva y puede restaurarla.
partnership-feed = Calendario
partnership-feed-confirm = ¿Publicar un calendario de { $name }? Si ya tiene uno, el enlace anterior deja de funcionar.
partnership-on-this-page = En esta página
partnership-goals = Metas
partnership-commitments = Compromisos
partnership-open-count = { $count ->
    [one] 1 abierto
   *[other] { $count } abiertos
}
partnership-checkins = Reuniones de seguimiento
partnership-contributions = Aportes
partnership-timeline = Cronología
partnership-vision = Visión compartida
partnership-no-vision = Todavía no hay una visión compartida escrita.
partnership-write-vision = Escríbanla juntos
partnership-vision-history = { $count ->
    [one] Historial de cambios (1 versión)
   *[other] Historial de cambios ({ $count } versiones)
}
partnership-members = Miembros
partnership-add-goal = Agregar meta
partnership-csv-of-goals = {" "}de las metas
partnership-no-goals = Todavía no hay metas. Las metas compartidas, concretas y medibles hacen que todos avancen en la misma dirección.
goal-progress-label = Avance hacia la meta
goal-progress-of-the-way = { $percent } % del camino
goal-owner = Responsable: { $owner }
goal-shared = Compartida por todos los miembros
goal-due = vence: { $due }
goal-milestones = Hitos
partnership-add-commitment = Agregar compromiso
partnership-csv-of-commitments = {" "}de los compromisos
partnership-no-commitments = Todavía no hay compromisos. Registre quién prometió qué a quién, y para cuándo: los compromisos cumplidos son los que hacen crecer la confianza.
partnership-group-overdue = Vencidos
partnership-group-due-soon = Por vencer
partnership-group-open = Abiertos
partnership-group-closed = Cumplidos y cerrados
partnership-csv-of-checkins = {" "}de las reuniones
partnership-no-checkins = Todavía no hay reuniones de seguimiento registradas. En las reuniones regulares y francas, los aliados revisan sus metas y aclaran sus funciones.
checkin-attended = Asistieron:
checkin-decisions = Decisiones:
checkin-action-items-became = { $count ->
    [one] 1 tarea se convirtió en compromiso
   *[other] { $count } tareas se convirtieron en compromisos
}

# Los acuerdos de la página de una alianza.
agreements-heading = Acuerdos
agreements-record-or-change = Registrar o cambiar un acuerdo
agreements-all = Todos los acuerdos
agreements-none = No hay acuerdos registrados. Un memorando de entendimiento o un acuerdo para compartir datos, con su fecha de fin, permite que Rapport recuerde a los aliados que decidan a tiempo si lo renuevan.
agreement-signed-document = Documento firmado
agreement-signed-document-of = {" "}de { $title } (se abre en una pestaña nueva)
agreement-chip-lapsed = Caducado: sigue marcado como vigente
agreement-chip-ending = Por terminar: decida si se renueva
agreement-term-open-ended = desde el { $from } · sin fecha de fin
agreement-term = del { $from } al { $to } ({ $when })

# La página de una meta, su formulario y el formulario de un hito.
goal-eyebrow = Meta
goal-edit = Editar la meta
goal-new = Nueva meta
goal-archive-confirm = ¿Archivar esta meta? Su historial se conserva.
goal-about = La meta
goal-measure = Indicador
goal-no-measure = Sin indicador definido.
goal-progress = Avance
goal-owner-label = Responsable
goal-due-label = Fecha límite
goal-no-date = Sin fecha definida.
goal-why = Por qué importa
goal-not-written = Todavía no se ha escrito.
goal-record-progress = Registrar el avance
goal-how-confident = ¿Qué tan seguro está de que se alcanzará?
goal-value-now = Valor actual
goal-value-now-hint = Opcional: el último valor del indicador
goal-comment = Comentario
goal-comment-hint = Qué cambió, qué lo impide
goal-add-milestone = Añadir un hito
goal-no-milestones = Todavía no hay hitos. Los hitos dividen la meta en pasos que se pueden celebrar.
goal-updates = Actualizaciones del avance
goal-no-updates = Todavía no se ha registrado ningún avance.
goal-form-lead = Una buena meta es concreta, medible, tiene un responsable, sirve a la visión compartida y tiene una fecha.
goal-form-statement-hint = Lo que lograrán los aliados, p. ej. Cada alumno de 3.º lee 20 minutos al día con un compañero
goal-form-measure-legend = Cómo la medirán
goal-form-metric-hint = p. ej. Asistencia diaria media
goal-form-unit = Unidad
goal-form-unit-hint = p. ej. %, familias, libros
goal-form-baseline = Valor inicial
goal-form-target = Objetivo
goal-form-now = Ahora
goal-form-owner-hint = Quién impulsa esta meta
goal-form-due = Fecha límite
goal-form-relevance-hint = Cómo sirve esta meta a la visión compartida de la alianza
goal-form-save = Guardar la meta
milestone-due = Vence el { $day }
milestone-mark-met = Marcar como alcanzado
milestone-new = Nuevo hito
milestone-edit-heading = Editar el hito
milestone-crumb = Meta: { $goal }
milestone-form-title = Hito
milestone-form-title-hint = Un paso que se pueda ver, p. ej. Primera noche de lectura en familia celebrada
milestone-form-met-on = Alcanzado el
milestone-form-met-on-hint = Déjelo vacío hasta que se alcance
milestone-save = Guardar el hito
milestone-archive-confirm = ¿Archivar este hito? Dejará de contar para la meta.
milestone-archive = Archivar este hito

# El historial de la visión compartida.
vision-history-heading = Visión compartida: historial
vision-history-lead = Todas las versiones de la visión, de la más reciente a la más antigua.
vision-current = Actual
vision-when-by = { $when } · por { $by }
vision-cleared = (Se borró la visión.)
vision-no-versions = No hay versiones registradas.

# El formulario que crea o cambia una alianza.
partnership-form-edit = Editar { $name }
partnership-form-name = Nombre
partnership-form-name-hint = p. ej. Compañeros de lectura: Escuela Lincoln y Biblioteca del Este
partnership-form-cadence-hint = Con qué frecuencia piensan reunirse los aliados
partnership-form-started = Comenzó el
partnership-form-started-hint = Cuándo empezaron a trabajar juntos los aliados, si fue antes de hoy: la salud cuenta desde entonces.
partnership-form-vision-hint = Lo que los aliados quieren lograr juntos, con sus propias palabras. Cada cambio se guarda en el historial de la visión.
partnership-form-members = Organizaciones miembro
partnership-form-members-hint = Al menos dos. Su función dice qué hace cada una, p. ej. "coordinación", "sede", "financiación".
partnership-form-no-organisations = Todavía no hay organizaciones.
partnership-form-add-organisations = Añada primero organizaciones.
partnership-form-organisation = Organización { $number }
partnership-form-organisation-choice = { $name } ({ $kind })
partnership-form-none = — ninguna —
partnership-form-role = Función
partnership-form-optional = (opcional)
partnership-form-more-rows = + Más filas de miembros
partnership-form-save = Guardar los cambios
partnership-form-create = Crear la alianza

# Las retrospectivas: celebrar una, y su página.
retro-eyebrow = Retrospectiva
retro-nothing-yet = Todavía nada.
retro-add-heading = Añadir a la retrospectiva
retro-what-is-it = ¿Qué es?
retro-in-your-words = Con sus palabras
retro-who-acts = Quién se encarga de la acción
retro-who-acts-hint = Solo para una acción de seguimiento: se convierte en su compromiso
retro-by-when = Para cuándo
retro-by-when-hint = Solo para una acción de seguimiento
retro-anonymously = Añadirlo de forma anónima: nadie, ni siquiera los coordinadores, puede ver quién lo escribió
retro-add = Añadir
retro-anonymous = Anónimo
retro-became-commitment = { $by } · se convirtió en un compromiso
retro-hold = Celebrar una retrospectiva
retro-form-lead = Miren atrás juntos, sin buscar culpables: qué salió bien, qué no, qué aprendieron y qué harán a continuación.
retro-form-title = Título
retro-form-title-hint = p. ej. Trimestre de primavera, o Después de la primera noche de lectura en familia
retro-form-trigger = Mirando atrás a
retro-form-milestone-hint = Solo después de un hito
retro-form-choose-milestone = Elija un hito
retro-form-held-on = Celebrada el
retro-form-start = Empezar la retrospectiva
retro-milestone-choice = { $title } (vence el { $day })
retro-trigger-milestone = Después de un hito
retro-trigger-phase = Después de una etapa
retro-trigger-on-demand = Cuando se necesita
retro-item-went-well = Salió bien
retro-item-did-not-go-well = No salió bien
retro-item-lesson = Lección aprendida
retro-item-follow-up = Acción de seguimiento

# Las aportaciones de una alianza y su equilibrio.
contributions-eyebrow = Aportes y equidad
contributions-lead = Lo que aporta cada miembro en los últimos { $span }.
contributions-balance = Equilibrio
contributions-member = Miembro
contributions-share = Parte
contributions-explained = Las horas, el dinero y la ayuda en especie no se pueden sumar, así que la parte total cuenta aportes; la tabla de abajo compara cantidades dentro de cada tipo. El equilibrio es 100 cuando cada miembro aporta con la misma frecuencia que los demás y 0 cuando un solo miembro lo hace todo.
contributions-balance-year = El equilibrio a lo largo del año
contributions-by-kind = Partes por tipo
contributions-none = No hay aportes en los últimos { $span }.
contributions-record = Registrar un aporte
contributions-by = Aportado por
contributions-choose-member = Elija un miembro
contributions-amount = Cantidad
contributions-unit-hint = horas, USD, salas…
contributions-on = Fecha
contributions-note = Nota
contributions-record-button = Registrar el aporte
contributions-ledger = Registro
contributions-nothing = Todavía no hay nada registrado.
contributions-all-by-number = Todos los aportes (por número)
contributions-balance-of-100 = { $value } de 100
contributions-balance-no-data = No hay datos suficientes: registre aportes de cada miembro para ver cómo se reparte la carga.
contributions-balance-even = La carga se reparte de forma bastante equilibrada.
contributions-balance-uneven = Un miembro lleva bastante más carga que los demás.
contributions-balance-one-sided = Un miembro lleva casi toda la carga: vale la pena hablar de cómo pueden aportar los demás.
contributions-share-chart = La parte de los aportes de cada miembro
contributions-trend-chart = Equilibrio de los aportes
contribution-kind-staff-hours = Horas de personal
contribution-kind-volunteer-hours = Horas de voluntariado
contribution-kind-money = Dinero
contribution-kind-in-kind = En especie
contribution-kind-facilities = Instalaciones
contribution-kind-data = Datos
contribution-kind-expertise = Conocimientos
contribution-kind-community-connections = Contactos en la comunidad
contribution-unit-hours = horas
contribution-unit-times = veces

# La cronología de una alianza.
timeline-from = Desde
timeline-to = Hasta
timeline-apply = Aplicar
timeline-show-everything = Mostrar todo
timeline-nothing = No hay nada que mostrar.
timeline-nothing-for-filter = No hay nada que mostrar con este filtro.
timeline-newest = ← Lo más reciente
timeline-older = Anteriores →
timeline-kind-check-in = Reunión de seguimiento
timeline-kind-commitment-made = Compromiso asumido
timeline-kind-commitment-kept = Compromiso cumplido
timeline-kind-commitment-renegotiated = Compromiso renegociado
timeline-kind-commitment-cancelled = Compromiso cancelado
timeline-kind-commitment-missed = Compromiso no cumplido
timeline-kind-milestone-met = Hito alcanzado
timeline-kind-concern = Inquietud
timeline-kind-kudos = Reconocimiento
timeline-kind-contribution = Aporte
timeline-kind-vision-revised = Visión revisada
timeline-kind-retrospective = Retrospectiva
timeline-kind-survey-wave = Ronda de encuesta
timeline-kind-agreement = Acuerdo
timeline-an-organisation = Una organización
timeline-checkin = Reunión de seguimiento: { $agenda }
timeline-checkin-held = Reunión de seguimiento celebrada
timeline-promised = { $who } se comprometió: { $description }
timeline-kept = { $who } cumplió su compromiso: { $description }
timeline-kept-late = { $who } cumplió su compromiso (con retraso): { $description }
# $iso es el día como 2026-12-04; $day, como viernes, 4 de diciembre de 2026.
timeline-renegotiated-to = { $who } renegoció para el { $day }: { $description }
timeline-renegotiated = { $who } renegoció: { $description }
timeline-cancelled = Cancelado de común acuerdo: { $description }
timeline-missed = { $who } no cumplió un compromiso: { $description }
timeline-milestone-met = Hito alcanzado: { $title }
timeline-concern = Inquietud { $state }: { $title }
timeline-kudos = Reconocimiento para { $to }
timeline-kudos-partner = Reconocimiento para un aliado
# $amount_en es la cantidad como la escribe la API (12.50 USD); $amount, como la escribe el idioma.
timeline-contribution = { $who } aportó { $amount } ({ $kind })
timeline-vision-revised = Visión compartida revisada
timeline-retrospective = Retrospectiva: { $title }
timeline-survey-opened = Encuesta de pulso abierta: { $title }
timeline-survey-closed = Encuesta de pulso cerrada: { $title }
timeline-agreement-signed = { $kind } firmado: { $title }
timeline-agreement-drafted = { $kind } registrado como borrador: { $title }
timeline-agreement-finished = { $kind } { $status }: { $title }
timeline-retro-went-well = { $count ->
    [one] 1 salió bien
   *[other] { $count } salieron bien
}
timeline-retro-did-not-go-well = { $count ->
    [one] 1 no salió bien
   *[other] { $count } no salieron bien
}
timeline-retro-lesson = { $count ->
    [one] 1 lección aprendida
   *[other] { $count } lecciones aprendidas
}
timeline-retro-follow-up = { $count ->
    [one] 1 acción de seguimiento
   *[other] { $count } acciones de seguimiento
}

# Los acuerdos de una alianza y el formulario que registra uno.
agreements-page-lead = Lo que firmaron los aliados, hasta cuándo y dónde se guarda la copia firmada.
agreements-every = Todos los acuerdos del espacio de trabajo
agreements-ending-soonest = Acuerdos, los que terminan antes primero
agreements-none-yet = Todavía no hay acuerdos registrados.
agreement-opens-new-tab = {" "}(se abre en una pestaña nueva)
agreements-record = Registrar un acuerdo
agreements-record-button = Registrar el acuerdo
agreement-title-hint = p. ej. Memorando de entendimiento 2026–2028
agreement-parties = Partes
agreement-parties-hint = Las organizaciones miembro que lo firmaron o lo firmarán.
agreement-starts-on = Empieza el
agreement-ends-on = Termina el
agreement-ends-on-hint = Déjelo vacío si no tiene fecha de fin.
agreement-signed-on = Firmado el
agreement-renewal-notice = Aviso de renovación (días)
agreement-renewal-notice-hint = Cuánto tiempo antes del fin empezar a hablar de la renovación.
agreement-document-url = Enlace al documento firmado
agreement-document-url-hint = Una dirección http:// o https:// donde los aliados lo guardan. Rapport no almacena archivos.
