# Webhook chat messages (Slack, Teams), in the workspace's default language. A warning's
# explanation is the English sentence its event carries.

chat-commitment-made = Commitment made: "{ $description }" (due { $due })
chat-commitment-kept-on = Commitment kept: "{ $description }" (done { $done })
chat-commitment-kept = Commitment kept: "{ $description }"
chat-commitment-missed = Commitment missed: "{ $description }" (due { $due })
chat-checkin-logged = Check-in logged in { $partnership } ({ $held })
chat-warning-raised = Warning on { $partnership }: { $explanation }
chat-agreement-ending = Agreement ending in { $partnership }: { $explanation }
chat-kudos = Kudos: { $message }
