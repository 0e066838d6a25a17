# Importar desde CSV: la página, lo que dice cuando rechaza un archivo y cuando lo importó.

import-lead = Añada muchos registros a la vez desde una hoja de cálculo guardada como CSV (UTF-8, con una fila de encabezados). Primero se revisan todas las filas: si alguna tiene un problema, no se importa nada y cada problema aparece abajo con su línea y su columna.
import-nothing = No se importó nada
import-what = ¿Qué contiene el archivo?
import-kind-commitments = Compromisos
import-columns = Columnas: { $columns } (obligatorias: { $needed })
import-file = Archivo CSV
import-file-hint = Un archivo descargado con «Descargar CSV» se puede importar tal cual, en este o en otro espacio de trabajo. Las organizaciones, las alianzas y las organizaciones miembro se nombran como aparecen en Rapport; separe varios miembros con «; ».
import-paste = O pegue el texto CSV
import-csv-text = Texto CSV
import-button = Importar
import-choose-kind = Elija qué contiene el archivo.
import-choose-file = Elija un archivo CSV, o pegue su texto.
import-done-organizations = { $count ->
    [one] Se importó 1 organización.
   *[other] Se importaron { $count } organizaciones.
}
import-done-contacts = { $count ->
    [one] Se importó 1 contacto.
   *[other] Se importaron { $count } contactos.
}
import-done-partnerships = { $count ->
    [one] Se importó 1 alianza.
   *[other] Se importaron { $count } alianzas.
}
import-done-commitments = { $count ->
    [one] Se importó 1 compromiso.
   *[other] Se importaron { $count } compromisos.
}
import-done-agreements = { $count ->
    [one] Se importó 1 acuerdo.
   *[other] Se importaron { $count } acuerdos.
}
import-place = Línea { $line }
import-place-column = Línea { $line }, columna «{ $column }»
import-problems = { $count ->
    [one] 1 problema
   *[other] { $count } problemas
}
import-on-line = la línea { $line }
import-on-lines = { $count } líneas
import-summary = El archivo tiene { $problems } en { $on }; corríjalos y vuelva a enviar el archivo completo.
import-not-listed = (Se muestran los { $listed } primeros; { $count } más no aparecen.)
