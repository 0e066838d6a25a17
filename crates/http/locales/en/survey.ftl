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
survey-state-scheduled = Scheduled
survey-state-open = Open
survey-state-closed = Closed

# The coordinator's survey pages: the list, a survey's page, the form that sends one.
surveys-heading = Pulse surveys
surveys-lead = Anonymous: answers carry no name, and results appear only for groups of at least k people, after the survey closes.
surveys-new = New survey
surveys-waiting = Waiting for your answers
surveys-until = until { $dates }
surveys-answer-now = Answer now
surveys-all = All surveys
surveys-none = No survey yet.
surveys-send-pulse = Send the partnership pulse
surveys-send-pulse-why = to hear how partners see each other.
surveys-col-survey = Survey
surveys-col-asked = Asked
surveys-col-state = State
surveys-col-open = Open
surveys-pulse-after-checkin = A pulse after every check-in
surveys-pulse-partnerships = Partnerships that ask how it went
surveys-pulse-hint = When someone logs a check-in, the partnership pulse goes to its members for a week, unless one is already open.
survey-questions = { $count ->
    [one] 1 question
   *[other] { $count } questions
}
survey-see-results = See the results
survey-you-answered = You have answered. Thank you: your answers carry no name.
survey-response-rate = Response rate
# After the number who answered, in bold.
survey-answered-of = {" "}of { $count } invited have answered.
survey-invited = { $count } invited.
survey-k-rule = Scores are shown only for groups of at least { $k } people, comments for at least { $k_comments }. Nobody, coordinators included, can see who answered what.
survey-link-made = Single-use link.
survey-link-copy-now = Copy it now: it is shown only once and answers the survey once, without an account.
survey-thin-heading = Groups that can never be shown
survey-thin = Fewer than { $k } people are invited to answer for { $groups }. Their ratings still count in larger groups, but their own group can never be shown, to keep answers anonymous.
survey-thin-add-links = Add single-use links for them before the survey opens to change that.
survey-thin-group = { $name } ({ $count } invited)
survey-close-early = Close early
survey-close-hint = Everyone who will answer has answered? Close it now and its results are ready at once. Nobody can answer after this.
survey-close-confirm = Close this survey now? Nobody can answer it after this.
survey-close-now = Close the survey now
survey-invite-heading = Invite someone without an account
survey-invite-lead = A single-use link lets a family member or partner without an account answer once, for the organisation you choose. Print it or send it to that person; it is shown only once.
survey-links-tilt = Links can tilt results.
survey-links-tilt-why = Whoever makes links could answer through them. So links are made only before the survey opens (on { $opens }), each one records who made it, its maker cannot answer it while signed in, you see results as a respondent would, and the results say how many in each group answered through a link.
survey-link-answers-for = Answers for
survey-link-language = Language of the page it opens
survey-link-browser-language = The language their browser asks for
survey-link-create = Create a single-use link
survey-links-closed = Links are made before a survey opens: once it is open, who may answer is fixed, so that answers planted through links would be planned in advance and visible.
survey-rate-label = Response rate
survey-form-heading = Send the partnership pulse
survey-form-lead = Everyone who belongs to an organisation asked is invited and sees it on their home page. Each person rates the other partners, never their own organisation.
survey-form-who = Who is asked
survey-form-who-hint = One partnership, or every organisation of the network
survey-form-opens = Opens on
survey-form-opens-hint = To hand out single-use links (families or partners without an account), open it tomorrow or later: links are made before a survey opens.
survey-form-closes = Closes after
survey-form-closes-hint = Results appear the day after
survey-form-k = Smallest group shown (k)
survey-form-k-hint = At least 3; fixed once the survey is sent
survey-form-k-comments = Smallest group for comments
survey-form-k-comments-hint = At least k
survey-form-own-legend = A statement of your own (optional)
survey-form-own-hint = Asked with the questions on how you work together, rated from “Strongly disagree” to “Strongly agree”. Write it in English and, for people who read another language, in theirs: each sees it in their own.
survey-form-own-text = Your statement
survey-form-own-text-hint = E.g. The family nights are worth our time.
survey-form-own-in = The same statement in { $language }
survey-form-the-questions = { $count ->
    [one] The 1 question
   *[other] The { $count } questions
}
survey-form-send = Send survey

# A survey's results.
survey-results-title = Results
survey-results-heading = Results: { $title }
survey-results-k-rule = Groups of fewer than { $count } people are not shown, nor any group that would let one be worked out.
survey-results-overall = Everyone, by dimension
survey-results-by-partnership = By partnership
survey-results-rated = How each partner is seen
survey-results-none-rated = No partner was rated.
survey-results-rating = How each organisation sees its partners
survey-results-pairs = Between pairs
survey-results-partnership = The partnership
survey-results-comments = In their own words
survey-results-no-comments = No comments.
survey-results-alphabetical = In alphabetical order, never in the order they were sent.
survey-results-everyone = Everyone
survey-results-pair = { $from } about { $about }
survey-results-trust = Perceived trust
survey-results-value = Perceived value
survey-results-respondents = { $count ->
    [one] 1 respondents
   *[other] { $count } respondents
}
survey-results-people-answered = { $count ->
    [one] 1 people answered
   *[other] { $count } people answered
}
survey-results-through-links = { $count ->
    [one] { $respondents }, 1 through a single-use link
   *[other] { $respondents }, { $count } through single-use links
}
survey-results-sentence = { $what }.
survey-results-too-few = Fewer than { $count } people answered.
survey-results-mean = Mean { $mean } on a scale of 1 to { $count }
survey-results-comments-from = Comments appear only when at least { $count } people have answered.
survey-rate-too-few = Fewer than { $count } responses so far: the count is shown from { $count } on.
survey-suppressed-too-few = Fewer than { $count } responses: not shown, to keep answers anonymous.
survey-suppressed-complement = Not shown: together with the overall result it would reveal a group of fewer than { $count } people.
survey-suppressed-protects-another = Not shown: it would let a hidden group of fewer than { $count } people be worked out by subtraction.
survey-suppressed-parent-hidden = Not shown: the group it belongs to has fewer than { $count } responses.
survey-suppressed-combination = Not shown: combined with the other results shown here, it would single out the answers of fewer than { $count } people.
survey-suppressed-own-answer = Not shown to people who answered this survey: with their own answer set aside, it would rest on fewer than { $count } other people.
survey-dimension-follows-through = Follows through on commitments
survey-dimension-shared-mission = Shares our mission
survey-dimension-open-to-discussion = Open to discussion
survey-dimension-power-and-influence = Power and influence
survey-dimension-level-of-involvement = Level of involvement
survey-dimension-resource-contribution = Resource contribution
survey-question-hidden = Not shown, to keep answers anonymous.
