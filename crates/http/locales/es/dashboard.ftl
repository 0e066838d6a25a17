# El panel: la salud de cada alianza, la más débil primero.

dashboard-title = Panel
dashboard-heading = Salud de las alianzas
dashboard-lead = Todas las alianzas que usted puede ver, la más débil primero, con su salud en los últimos doce meses y lo que necesita atención.
dashboard-warnings-inbox = Bandeja de alertas
dashboard-summary = Resumen
dashboard-stat-shown = { $count ->
    [one] alianza mostrada
   *[other] alianzas mostradas
}
dashboard-stat-below = { $count ->
    [one] con salud por debajo de 50
   *[other] con salud por debajo de 50
}
dashboard-stat-warnings = { $count ->
    [one] alerta abierta
   *[other] alertas abiertas
}
dashboard-stat-no-data = { $count ->
    [one] aún sin datos suficientes
   *[other] aún sin datos suficientes
}
dashboard-filter-kind = Tipo
dashboard-filter-any-kind = Cualquier tipo
dashboard-filter-status = Estado
dashboard-filter-any-status = Cualquier estado
dashboard-filter-order = Orden
dashboard-filter-show = Mostrar
dashboard-filter-clear = Quitar filtros
dashboard-sort-lowest = Menor salud primero
dashboard-sort-highest = Mayor salud primero
dashboard-sort-warnings = Más alertas primero
dashboard-sort-name = Nombre
dashboard-none-filtered = Ninguna alianza coincide con estos filtros.
dashboard-none = Todavía no hay alianzas: el panel se llena a medida que los socios registran compromisos y reuniones de seguimiento.
dashboard-col-partnership = Alianza
dashboard-col-health = Salud
dashboard-col-trend = Últimos 12 meses
dashboard-col-warnings = Alertas abiertas
dashboard-no-warnings = Ninguna
dashboard-note = El índice de salud (0–100) pondera la fiabilidad, la confianza percibida, la frecuencia de las reuniones, los objetivos y las inquietudes de los últimos 180 días; abra una alianza para ver cada parte y los registros en que se basa.
