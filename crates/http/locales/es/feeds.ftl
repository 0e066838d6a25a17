# Calendarios suscritos: títulos, descripciones y categorías de los eventos, en el idioma de quien
# es dueño del calendario.

feed-checkin = Reunión de seguimiento: { $partnership }
feed-checkin-of = Reunión de seguimiento de { $partnership }.
feed-agenda = Orden del día: { $agenda }
feed-decisions = Acuerdos tomados: { $decisions }
feed-category-checkin = Reunión de seguimiento
feed-checkin-due = Toca reunión de seguimiento: { $partnership }
feed-checkin-overdue = Reunión de seguimiento atrasada: { $partnership }
feed-checkin-due-description = A { $partnership } le tocan reuniones de seguimiento según su frecuencia ({ $cadence }).
feed-category-checkin-due = Reunión de seguimiento prevista
feed-commitment = { $prefix }: { $description } ({ $promisor })
feed-commitment-done = Cumplido
feed-commitment-done-late = Cumplido con retraso
feed-commitment-cancelled = Cancelado
feed-commitment-missed = Incumplido
feed-commitment-overdue = Atrasado
feed-commitment-due = Vence
feed-commitment-promised = { $promisor } se comprometió con { $promisee }, en { $partnership }: { $description }
feed-commitment-status = Estado: { $status }.
feed-the-partnership = la alianza
feed-former-member = un antiguo miembro
feed-category-commitment = Compromiso
feed-agreement-ends = Termina el acuerdo: { $title } ({ $partnership })
feed-agreement-ends-description = { $kind } de { $partnership } termina.
feed-renewal-notice = Aviso de renovación: { $title } ({ $partnership })
feed-renewal-notice-description = { $count ->
    [one] { $count } día antes de que termine el { $ends }: revisen juntos las metas compartidas antes de renovar.
   *[other] { $count } días antes de que termine el { $ends }: revisen juntos las metas compartidas antes de renovar.
}
feed-category-agreement = Acuerdo
