# Los reconocimientos: la lista de logros y el formulario para enviar uno.

kudos-lead = Los reconocimientos de la red que usted puede ver, primero los más recientes.
kudos-send = Enviar un reconocimiento
kudos-none = Todavía no hay reconocimientos. Fíjese en lo que los aliados hicieron bien y dígaselo.
kudos-from-for = { $person } en nombre de { $organization }
kudos-to-partnership = la alianza
kudos-for-commitment = por un compromiso cumplido
kudos-for-milestone = por un hito alcanzado
kudos-for-goal = por el avance de una meta
kudos-about-milestone = un hito alcanzado
kudos-about-commitment = un compromiso cumplido
kudos-about-goal = el avance de una meta
kudos-form-lead = Diga lo que hicieron y lo que hizo posible.
kudos-form-thank-for = Este reconocimiento es por { $about }.
kudos-form-to-organisation = A una organización
kudos-form-to-person = …o a una persona
kudos-form-to-hint = Elija una: una organización o una persona
kudos-form-message = Su mensaje
kudos-form-from = De parte de
kudos-form-from-hint = Agradezca en nombre de su organización o solo en el suyo
kudos-form-just-me = Solo yo
