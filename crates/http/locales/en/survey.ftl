# Answering a survey: the page a family member or partner opens through a single-use link (or
# from their home page), its thanks page and its errors, and Rapport's own partnership pulse.

survey-you-answer-for = You answer for { $organization }. Open until { $closes }.
survey-anonymous = Anonymous: your answers are stored without your name or the time you sent them. Every question is optional: skip a partner you do not know well, and when you rate a partner, answer each statement about them.
survey-part-of = Part { $number } of { $total }
survey-comment-hint = { $count ->
    [one] Shown only once at least 1 person has answered, and never with a name.
   *[other] Shown only once at least { $count } people have answered, and never with a name.
}
survey-send = Send my answers
survey-send-once = You can send once.
survey-other-language = This page in another language:
survey-error-pick-step = pick one of the steps
survey-error-answer-one = answer at least one question
survey-error-rate-all = rate a partner on every statement about partners, or skip that partner altogether
survey-error-pick-options = must be options of the question
survey-error-pick-one = pick exactly one option
survey-error-too-long = is too long
survey-error-field-answers = Your answers

survey-thanks-heading = Thank you
survey-thanks-message = Thank you. Your answers were recorded without your name, and count only as part of a group.
survey-answered-heading = Already answered
survey-answered-message = This link has been used: each link answers once. Thank you for taking part.
survey-not-open-heading = Not open yet
survey-not-open-message = This survey opens on { $opens }. Come back to this link then.
survey-closed-heading = This survey has closed
survey-closed-message = It no longer takes answers. Thank you all the same.

# Rapport's own partnership pulse (SPEC 3.2). Every word is Rapport's own.
pulse-title = Partnership pulse
pulse-section-trust = How you see each partner
pulse-section-value = What each partner brings
pulse-section-together = How we work together
pulse-section-comment = In your own words
pulse-follows-through = When this partner says it will do something, it gets done.
pulse-shared-mission = This partner is pulling towards the same purpose we are.
pulse-open-to-discussion = We can bring a hard topic to this partner and be heard.
pulse-power-and-influence = This partner can open doors and move decisions that matter to the work.
pulse-level-of-involvement = This partner shows up and takes part in the work itself.
pulse-resource-contribution = This partner puts in time, people, money, space or know-how.
pulse-communication = I hear about decisions and changes early enough to act on them.
pulse-shared-goals = I could explain what we are trying to achieve together to someone new.
pulse-satisfaction = All in all, I am glad my organisation is part of this partnership.
pulse-check-in-rhythm = Our check-ins happen…
pulse-helped-most = What has helped the partnership most lately? Pick any.
pulse-comment = Anything you would like the partnership to hear?
pulse-trust-1 = Not at all
pulse-trust-2 = A little
pulse-trust-3 = Mostly
pulse-trust-4 = Completely
pulse-value-1 = Very little
pulse-value-2 = Some
pulse-value-3 = A good deal
pulse-value-4 = A great deal
pulse-agree-1 = Strongly disagree
pulse-agree-2 = Disagree
pulse-agree-3 = Neither
pulse-agree-4 = Agree
pulse-agree-5 = Strongly agree
pulse-rhythm-rarely = Too rarely
pulse-rhythm-right = About right
pulse-rhythm-often = Too often
pulse-helped-checkins = Regular check-ins
pulse-helped-promises = Promises kept
pulse-helped-data = Sharing data
pulse-helped-wins = Celebrating wins
pulse-helped-honest = Honest conversations

# A survey in a list.
survey-row-whole-network = Whole network
