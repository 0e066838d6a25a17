# La página de la red y su mapa.

network-title = La red
network-lead = Quién trabaja con quién. Las líneas son alianzas y trabajo en común (seguimientos compartidos, compromisos); su color dice cuánto se cumplen los compromisos entre las dos. Seleccione una organización para abrirla.
network-lead-as-of = Quién trabajaba con quién el { $day }. Las líneas son alianzas y trabajo en común (seguimientos compartidos, compromisos); su color dice cuánto se cumplen los compromisos entre las dos. Seleccione una organización para abrirla.
network-organization-type = Tipo de organización
network-partnership-type = Tipo de alianza
network-any-type = Cualquier tipo
network-focus = Área de trabajo
network-as-of = En la fecha
network-show = Mostrar
network-whole = Toda la red
network-map = Mapa
network-none-matches = Ninguna organización coincide.
network-not-on-map = Fuera del mapa: { $list }.
network-open-around = Abrir el mapa alrededor de:
network-where-it-opens = donde se abre
network-slide = Deslice el mapa de lado para verlo entero.
network-drawn-list = { $count ->
    [one] La organización del mapa, en una lista
   *[other] Las { $count } organizaciones del mapa, en una lista
}
network-types = Tipos de organización
network-ties = Vínculos
network-tie-good = compromisos cumplidos (70 % o más)
network-tie-fair = 50–70 %
network-tie-poor = menos del 50 %
network-tie-neutral = aún faltan datos
network-measures = Medidas
network-organizations = Organizaciones
network-density = Densidad
network-density-hint = de todos los vínculos posibles existen
network-centralization = Centralización
network-centralization-hint = 0 = vínculos repartidos por igual, 1 = todos pasan por una organización
network-components = Grupos conectados
network-mean-trust = Confianza media por vínculo
network-low-trust = Vínculos de poca confianza
network-low-trust-hint = proporción de vínculos con confianza por debajo del 50 %
network-brokers = Intermediarias
network-brokers-lead = Las demás se conectan a través de ellas: buenas para pedir una presentación.
network-no-brokers = Ninguna: ninguna organización está entre otras.
network-isolates = Aún sin vínculos
network-no-isolates = Cada organización tiene al menos un vínculo.
network-more-isolates = y { $count } más.
network-not-known = sin datos
network-not-measured = sin medir
network-betweenness = intermediación { $value }
network-ties-count = { $count ->
    [one] { $count } vínculo
   *[other] { $count } vínculos
}
network-map-title = { $count ->
    [one] Mapa de { $count } organización y sus vínculos
   *[other] Mapa de { $count } organizaciones y sus vínculos
}
network-measured-at = Medido { $moment }; se mide de nuevo tras cada cambio de vínculos.
network-measured-as-shown = Medido tal como se muestra; la intermediación y las intermediarias se calculan en segundo plano para toda la red.
network-measured-that-day = Los vínculos de ese día, reunidos de los registros al pedirlos (en una red grande puede tardar un momento) y medidos tal como se muestran; la intermediación y las intermediarias solo se guardan para la red de hoy.
network-scope-around = { $name } y las organizaciones a dos pasos o menos
network-scope-brokers = las intermediarias y las organizaciones a dos pasos o menos de ellas
network-scope-yours = sus organizaciones y las organizaciones a dos pasos o menos de ellas
network-scope-showing = { $count ->
    [one] Se muestran { $shown } de { $total } organización
   *[other] Se muestran { $shown } de { $total } organizaciones
}
network-scope-best-connected = { $count ->
    [one] , la mejor conectada de las { $there } que hay
   *[other] , las { $drawn } mejor conectadas de las { $there } que hay
}
network-scope = { $showing }{ $best }.
network-scope-what = { $showing }: { $what }{ $best }.
