# La página de búsqueda: lo que encuentra el buscador del encabezado.

search-heading = Búsqueda
search-title-query = Búsqueda: { $query }
search-lead = Organizaciones, contactos, alianzas, objetivos, compromisos y reuniones de seguimiento que usted puede ver.
search-again = Buscar de nuevo
search-words = Palabras que buscar
search-nothing = Nada de lo que usted puede ver coincide con «{ $query }». Pruebe con menos palabras, o con el comienzo de un nombre.
search-found-organizations = Organizaciones
search-found-contacts = Contactos
search-found-partnerships = Alianzas
search-found-goals = Objetivos
search-found-commitments = Compromisos
search-found-checkins = Reuniones de seguimiento
search-checkin-of = Reunión del { $day }
search-partnership-kind = Alianza ({ $kind })
