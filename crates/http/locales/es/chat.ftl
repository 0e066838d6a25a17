# Mensajes de chat de los webhooks (Slack, Teams), en el idioma predeterminado del espacio de
# trabajo. La explicación de una alerta es la frase en inglés que lleva su evento.

chat-commitment-made = Compromiso asumido: «{ $description }» (vence el { $due })
chat-commitment-kept-on = Compromiso cumplido: «{ $description }» (cumplido el { $done })
chat-commitment-kept = Compromiso cumplido: «{ $description }»
chat-commitment-missed = Compromiso incumplido: «{ $description }» (vencía el { $due })
chat-checkin-logged = Reunión de seguimiento registrada en { $partnership } ({ $held })
chat-warning-raised = Alerta en { $partnership }: { $explanation }
chat-agreement-ending = Acuerdo por terminar en { $partnership }: { $explanation }
chat-kudos = Reconocimiento: { $message }
