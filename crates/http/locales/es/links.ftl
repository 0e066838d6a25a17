# Los enlaces de un registro a documentos.

links-heading = Documentos
links-manage = Agregar o quitar enlaces
links-none = Todavía no hay enlaces. Enlace el orden del día, la carpeta compartida o la copia firmada donde los aliados ya los guardan: Rapport no almacena archivos.
links-new-tab = {" "}(se abre en una pestaña nueva)
