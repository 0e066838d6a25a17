# Los enlaces de un registro a documentos.

links-heading = Documentos
links-manage = Agregar o quitar enlaces
links-none = Todavía no hay enlaces. Enlace el orden del día, la carpeta compartida o la copia firmada donde los aliados ya los guardan: Rapport no almacena archivos.
links-new-tab = {" "}(se abre en una pestaña nueva)

# La página que añade y quita los enlaces de un registro.

links-page-title = Documentos de { $what }
links-page-heading = Enlaces a documentos
links-page-lead = Un título y la dirección http:// o https:// de un documento que las organizaciones ya comparten. Rapport no guarda archivos.
links-linked = Enlazados
links-page-none = Todavía no hay enlaces.
links-remove = Quitar
links-add-heading = Añadir un enlace
links-title = Título
links-title-hint = p. ej., actas de la reunión, carpeta compartida
links-address = Dirección
links-address-hint = Empieza con https:// o http://
links-add = Añadir el enlace
links-of-partnership = esta alianza
links-of-goal = esta meta
links-of-checkin = esta reunión de seguimiento
links-of-commitment = este compromiso
links-of-retrospective = esta retrospectiva
links-back-partnership = Volver a la alianza
links-back-goal = Volver a la meta
links-back-checkin = Volver a la reunión de seguimiento
links-back-commitment = Volver al compromiso
links-back-retrospective = Volver a la retrospectiva
