# La lista de acuerdos del espacio de trabajo, y la página de un acuerdo con su historial.

agreements-across = En todo el espacio de trabajo
agreements-list-lead = Todos los acuerdos de alianza que usted puede ver, primero los que terminan antes. Los que no tienen fecha de fin van al final.
agreements-chart-heading = Terminan en el próximo año
agreements-chart-label = Días hasta que termina cada acuerdo
agreements-chart-lapsed = { $count ->
    [one] caducó hace 1 día
   *[other] caducó hace { $count } días
}
agreements-chart-today = termina hoy
agreements-chart-ends-in = { $count ->
    [one] termina dentro de 1 día
   *[other] termina dentro de { $count } días
}
agreements-chart-bar = { $title }: { $when }
agreements-list-none = Todavía no hay acuerdos registrados. Regístrelos desde la página de cada alianza.
agreements-col-agreement = Acuerdo
agreements-col-partnership = Alianza
agreements-col-runs = Vigencia
agreements-col-standing = Situación

agreement-terms = Condiciones
agreement-status = Estado
agreement-signed = Firmado
agreement-not-signed = aún sin firmar
agreement-renewal-notice-heading = Aviso de renovación
agreement-notice = { $count ->
    [one] 1 día antes del fin: desde el { $from }
   *[other] { $count } días antes del fin: desde el { $from }
}
agreement-notice-none = ninguno: el acuerdo no tiene fecha de fin
agreement-no-link = aún sin enlace
agreement-history = Historial
agreement-change = Cambiar este acuerdo
agreement-archive = Archivar este acuerdo
agreement-archive-note = Para uno registrado por error o que ya no merece seguimiento: sale de las listas, las alertas, los recordatorios y los calendarios.
