# La página de informes: hacer un informe y los guardados. (El informe en sí sigue en inglés.)

reports-lead = Un informe para la dirección y los financiadores: la red y cada alianza durante un periodo, comparadas con el periodo anterior. Se imprime como un documento limpio y se puede compartir con un enlace privado.
reports-make = Hacer un informe
reports-period = Periodo
reports-period-hint = Un trimestre (2026-Q3), un curso escolar desde septiembre (2025-26) o dos días (2026-01-15..2026-04-30). Un periodo aún en curso termina hoy.
reports-title-optional = Título (opcional)
reports-title-hint = Por ejemplo: Informe para el consejo del distrito.
reports-partnerships-hint = Deje todas sin marcar para incluir todas las alianzas.
reports-make-and-save = Hacer y guardar el informe
reports-show = Ver el informe
reports-saved = Informes guardados
reports-none-saved = Todavía no hay informes guardados.
reports-report = Informe
reports-made = Hecho el
reports-from-to = del { $from } al { $to }
reports-all = Todas
