# Los vocabularios cerrados: tipos y estados de alianzas, compromisos, metas, inquietudes,
# alertas y recordatorios, como los muestran las etiquetas y las listas.

partnership-kind-school-community = Escuela y comunidad
partnership-kind-higher-ed-k12 = Educación superior y escolar
partnership-kind-inter-school = Entre escuelas
partnership-kind-other = Otra

partnership-status-exploring = Explorando
partnership-status-forming = En formación
partnership-status-active = Activa
partnership-status-renewing = En renovación
partnership-status-paused = En pausa
partnership-status-ended = Terminada

cadence-weekly = Semanal
cadence-fortnightly = Quincenal
cadence-monthly = Mensual
cadence-quarterly = Trimestral

commitment-status-open = Abierto
commitment-status-due-soon = Vence pronto
commitment-status-overdue = Vencido
commitment-status-missed = No cumplido
commitment-status-done = Cumplido
commitment-status-done-late = Cumplido con retraso
commitment-status-cancelled = Cancelado

confidence-on-track = En buen camino
confidence-at-risk = En riesgo
confidence-off-track = Desviada


severity-positive = Buenas noticias
severity-info = Vale la pena revisar
severity-warning = Requiere atención
severity-critical = Urgente

reminder-kind-commitment-due = Compromisos que vencen pronto
reminder-kind-commitment-overdue = Compromisos vencidos
reminder-kind-check-in-due = Reuniones de seguimiento pendientes
reminder-kind-survey-to-answer = Encuestas por responder
reminder-kind-concern-to-acknowledge = Inquietudes por acusar recibo
reminder-kind-goal-review = Metas por revisar
reminder-kind-follow-up = Contactos por seguir
reminder-kind-agreement-ending = Acuerdos por renovar

confidence-none = Sin actualizaciones todavía
# La gravedad de una inquietud, según su código.
concern-severity-of = { $severity ->
    [low] Gravedad baja
    [medium] Gravedad media
   *[high] Gravedad alta
}

warning-kind-commitments-overdue = Compromisos vencidos
warning-kind-cadence-slipping = Reuniones cada vez más espaciadas
warning-kind-trust-falling = Confianza en descenso
warning-kind-goal-at-risk = Meta en riesgo
warning-kind-concern-unanswered = Inquietud sin respuesta
warning-kind-one-sided-partnership = Alianza desequilibrada
warning-kind-quiet-partner = Aliado ausente
warning-kind-win-to-celebrate = Logro para celebrar
warning-kind-agreement-ending = Acuerdo por terminar

concern-state-raised = Planteada
concern-state-acknowledged = Recibida
concern-state-in-dialogue = En diálogo
concern-state-in-mediation = En mediación
concern-state-resolved = Resuelta
concern-state-withdrawn = Retirada
concern-severity-low = Baja
concern-severity-medium = Media
concern-severity-high = Alta

agreement-kind-memorandum = Memorando de entendimiento
agreement-kind-data-sharing = Acuerdo para compartir datos
agreement-kind-facility-use = Acuerdo de uso de instalaciones
agreement-kind-funding = Acuerdo de financiación
agreement-kind-other = Otro acuerdo
agreement-status-draft = Borrador
agreement-status-in-force = Vigente
agreement-status-expired = Vencido
agreement-status-ended = Terminado
organization-kind-school = Escuela
organization-kind-district = Distrito
organization-kind-nonprofit = Organización sin fines de lucro
organization-kind-higher-education = Educación superior
organization-kind-business = Empresa
organization-kind-government = Gobierno
organization-kind-library = Biblioteca
organization-kind-faith = Organización religiosa
organization-kind-family-group = Grupo de familias
organization-kind-other = Otra
