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
