//! Pulse surveys as a person may use them (SPEC 4, 7): coordinators and owners send them,
//! invited people answer them once while they are open, and everyone who sees a survey may read
//! its results once it has closed, as aggregates that passed the anonymity rules in the store.
//! Nothing here can reach an individual answer: the store offers none.

use rapport_core::survey::{
    Question, ResponseDraft, Survey, SurveyDraft, SurveyResults, SurveyState, ValidSurvey, pulse_template,
};
use rapport_core::{Action, ValidationErrors};
use rapport_store::{Page, PageRequest, Store, StoreError, SurveyInvitation, SurveyToSend};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::credentials::{digest, new_secret};
use crate::{App, AppError, AppResult, Session};

/// A survey with what the caller may do with it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyDetail {
    pub survey: Survey,
    /// The caller's own invitation, when they were invited.
    pub invitation: Option<MyInvitation>,
}

/// An invitation to answer, seen by the person invited.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyInvitation {
    /// The organisation the answers speak for.
    pub organization_id: Uuid,
    pub organization_name: String,
    pub answered: bool,
    /// The partners to rate, never one's own organisation.
    pub partners: Vec<Partner>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Partner {
    pub id: Uuid,
    pub name: String,
}

/// The response rate under SPEC 4's rule: a count below `k` is never shown.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseRate {
    pub survey_id: Uuid,
    pub state: SurveyState,
    pub k: u32,
    pub invited: u32,
    /// How many answered, when at least `k`.
    pub responses: Option<u32>,
    /// Responses per invitation in percent, when the count may be shown.
    pub rate_percent: Option<f64>,
    /// Shown instead of a count below `k`.
    pub note: Option<String>,
}

/// A new single-use link; the token is shown this once and stored only as a hash.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyLink {
    pub organization_id: Uuid,
    pub token: String,
    /// The page that answers through it, for people without an account.
    pub url: String,
}

/// What answering was told: deliberately nothing that names the response.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerReceipt {
    pub message: String,
}

/// A survey as the holder of a single-use link sees it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkSurvey {
    pub title: String,
    pub state: SurveyState,
    pub opens_on: chrono::NaiveDate,
    pub closes_on: chrono::NaiveDate,
    pub questions: Vec<Question>,
    /// Fewest respondents a group needs before its scores are shown.
    pub k: u32,
    /// Fewest respondents a group needs before its comments are shown.
    pub k_comments: u32,
    pub invitation: MyInvitation,
    /// The workspace's default language: the page's language when the link names none and the
    /// browser asks for none Rapport has.
    pub default_language: String,
}

/// Whether a partnership asks for a pulse after each check-in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PulseSetting {
    pub after_checkin: bool,
    /// How many days each pulse stays open; 7 when absent.
    #[serde(default)]
    pub days_open: Option<u32>,
}

fn receipt() -> AnswerReceipt {
    AnswerReceipt {
        message: "Thank you. Your answers were recorded without your name, and count only as part of a group.".into(),
    }
}

/// Refuses answers outside the survey's days and second answers.
fn check_answerable(survey: &Survey, invitation: &SurveyInvitation) -> AppResult<()> {
    match survey.state {
        SurveyState::Scheduled => {
            Err(AppError::Conflict(format!("this survey opens on {}; answers are taken from then", survey.opens_on)))
        }
        SurveyState::Closed => {
            Err(AppError::Conflict(format!("this survey closed on {}; it takes no more answers", survey.closes_on)))
        }
        SurveyState::Open if invitation.answered => {
            Err(AppError::Conflict("this survey has already been answered with this invitation".into()))
        }
        SurveyState::Open => Ok(()),
    }
}

async fn my_invitation(store: &Store, survey: &Survey, invitation: &SurveyInvitation) -> AppResult<MyInvitation> {
    let partners = store.survey_partners(invitation.workspace_id, survey, invitation.organization_id).await?;
    let organization_name = store
        .organization(invitation.workspace_id, invitation.organization_id)
        .await
        .map(|o| o.name)
        .unwrap_or_default();
    Ok(MyInvitation {
        organization_id: invitation.organization_id,
        organization_name,
        answered: invitation.answered,
        partners: partners.into_iter().map(|(id, name)| Partner { id, name }).collect(),
    })
}

async fn answer_with(
    store: &Store,
    survey: &Survey,
    invitation: &SurveyInvitation,
    draft: &ResponseDraft,
) -> AppResult<AnswerReceipt> {
    check_answerable(survey, invitation)?;
    let partners: Vec<Uuid> = store
        .survey_partners(invitation.workspace_id, survey, invitation.organization_id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let answers = draft.validate(&survey.questions, &partners)?;
    store.record_response(invitation, &answers).await?;
    Ok(receipt())
}

/// A single-use link's invitation and survey; an unknown token names nothing (404).
async fn link(store: &Store, token: &str) -> AppResult<(Survey, SurveyInvitation)> {
    let invitation = store.survey_invitation_by_token(&digest(token)).await?;
    let survey = store.survey(invitation.workspace_id, invitation.survey_id).await?;
    Ok((survey, invitation))
}

impl App {
    /// The survey behind a single-use link, for answering without an account.
    pub async fn link_survey(&self, token: &str) -> AppResult<LinkSurvey> {
        let (survey, invitation) = link(&self.store, token).await?;
        let default_language = self.store.workspace_language(invitation.workspace_id).await?;
        let invitation = my_invitation(&self.store, &survey, &invitation).await?;
        Ok(LinkSurvey {
            default_language,
            title: survey.title,
            state: survey.state,
            opens_on: survey.opens_on,
            closes_on: survey.closes_on,
            questions: survey.questions,
            k: survey.k,
            k_comments: survey.k_comments,
            invitation,
        })
    }

    /// Answers through a single-use link; the link is spent by the answer. `signed_in` is the
    /// person whose session the answer comes from, if any: a link's maker may not answer it.
    pub async fn answer_by_link(
        &self,
        token: &str,
        draft: &ResponseDraft,
        signed_in: Option<Uuid>,
    ) -> AppResult<AnswerReceipt> {
        let (survey, invitation) = link(&self.store, token).await?;
        if signed_in.is_some() && invitation.made_by == signed_in {
            return Err(AppError::Forbidden(
                "you made this link: it is for the person you hand it to, not for an answer of your own",
            ));
        }
        answer_with(&self.store, &survey, &invitation, draft).await
    }
}

impl Session<'_> {
    /// The default questions, for building a survey from the template.
    pub fn survey_template(&self) -> Vec<Question> {
        pulse_template()
    }

    pub async fn surveys(&self, page: PageRequest) -> AppResult<Page<Survey>> {
        Ok(self.store.surveys(&self.viewer, page).await?)
    }

    /// A survey the caller may see: one of the whole network, or of a partnership they see.
    pub async fn survey(&self, id: Uuid) -> AppResult<Survey> {
        let survey = self.store.survey(self.viewer.workspace_id, id).await?;
        if let Some(partnership_id) = survey.partnership_id {
            self.partnership(partnership_id).await?;
        }
        Ok(survey)
    }

    /// The organisations of a survey with fewer than `k` people invited to answer for them
    /// (coordinators and owners, before it closes): their own group can never be shown, which
    /// is worth knowing before it opens, while links can still be added.
    pub async fn thin_survey_groups(&self, id: Uuid) -> AppResult<Vec<(String, u32)>> {
        let survey = self.survey(id).await?;
        if !self.viewer.may(Action::ManageNetwork) || survey.state == SurveyState::Closed {
            return Ok(Vec::new());
        }
        let invited = self.store.survey_invitees_by_organization(self.viewer.workspace_id, id).await?;
        let directory = self.store.organization_directory(self.viewer.workspace_id).await?;
        let mut thin: Vec<(String, u32)> = survey
            .organization_ids
            .iter()
            .map(|o| (*o, invited.get(o).copied().unwrap_or(0)))
            .filter(|(_, n)| *n < survey.k)
            .filter_map(|(o, n)| directory.iter().find(|d| d.id == o).map(|d| (d.name.clone(), n)))
            .collect();
        thin.sort();
        Ok(thin)
    }

    /// Closes an open survey early (coordinators and owners): no more answers, and its results
    /// are published at once.
    pub async fn close_survey(&self, id: Uuid) -> AppResult<Survey> {
        let survey = self.survey(id).await?;
        if !(self.viewer.can_write() && self.viewer.may(Action::ManageNetwork)) {
            return Err(AppError::Forbidden("only coordinators and owners can close a survey"));
        }
        if survey.state != SurveyState::Open {
            return Err(AppError::Conflict(format!(
                "only an open survey can be closed early; this one {}",
                match survey.state {
                    SurveyState::Scheduled => format!("opens on {}", survey.opens_on),
                    _ => format!("closed on {}", survey.closes_on),
                }
            )));
        }
        self.store.close_survey(self.viewer.workspace_id, id).await?;
        let closed = self.survey(id).await?;
        self.store.seal_survey(self.viewer.workspace_id, &closed).await?;
        Ok(closed)
    }

    pub async fn survey_detail(&self, id: Uuid) -> AppResult<SurveyDetail> {
        let survey = self.survey(id).await?;
        let invitation =
            match self.store.survey_invitation_of(self.viewer.workspace_id, id, self.viewer.user_id).await? {
                Some(invitation) => Some(my_invitation(self.store, &survey, &invitation).await?),
                None => None,
            };
        Ok(SurveyDetail { survey, invitation })
    }

    /// Sends a survey to a partnership or the whole network: every person of the workspace who
    /// may write and belongs to an organisation asked is invited.
    pub async fn create_survey(&self, draft: &SurveyDraft) -> AppResult<Survey> {
        if !self.viewer.can_write() {
            return Err(AppError::Forbidden("observers can read but not change anything"));
        }
        if !self.viewer.may(Action::ManageNetwork) {
            return Err(AppError::Forbidden("only coordinators and owners can send surveys"));
        }
        let valid = draft.validate(self.today())?;
        if let Some(partnership_id) = valid.partnership_id {
            match self.partnership(partnership_id).await {
                Ok(p) if p.archived_at.is_some() => {
                    return Err(ValidationErrors::single("partnership_id", "this partnership is archived").into());
                }
                Ok(_) => {}
                Err(AppError::NotFound) => {
                    return Err(
                        ValidationErrors::single("partnership_id", "no such partnership in this workspace").into()
                    );
                }
                Err(other) => return Err(other),
            }
        }
        self.send_survey(valid).await
    }

    /// Stores a valid survey and invites every person of the workspace who may write and
    /// belongs to an organisation asked.
    async fn send_survey(&self, valid: ValidSurvey) -> AppResult<Survey> {
        let sent = self.whom_to_ask(valid).await?;
        Ok(self.store.create_survey(self.viewer.workspace_id, &sent, Some(self.viewer.user_id)).await?)
    }

    /// The survey with the organisations it asks about and the people it invites; invalid when
    /// fewer than two organisations would rate each other.
    async fn whom_to_ask(&self, survey: ValidSurvey) -> AppResult<SurveyToSend> {
        let ws = self.viewer.workspace_id;
        let mut organization_ids = self.store.survey_scope(ws, survey.partnership_id).await?;
        organization_ids.sort();
        if organization_ids.len() < 2 {
            let field = if survey.partnership_id.is_some() { "partnership_id" } else { "organizations" };
            return Err(ValidationErrors::single(
                field,
                "a survey needs at least two organisations to rate each other",
            )
            .into());
        }
        let invitees = rapport_core::survey::invitees(&self.store.members(ws).await?, &organization_ids);
        Ok(SurveyToSend { survey, organization_ids, invitees })
    }

    /// A single-use link for someone without an account, answering for `organization_id`.
    /// A single-use link; `language` is the language it is handed out in, which the answer
    /// page then speaks (its `?lang=`). The language is never stored with the answers.
    pub async fn create_survey_link(
        &self,
        id: Uuid,
        organization_id: Uuid,
        language: Option<&rapport_core::lang::LanguageCode>,
        base_url: &str,
    ) -> AppResult<SurveyLink> {
        let survey = self.survey(id).await?;
        if !self.viewer.may(Action::ManageNetwork) {
            return Err(AppError::Forbidden("only coordinators and owners can hand out survey links"));
        }
        if survey.state != SurveyState::Scheduled {
            // Who may answer is fixed when a survey opens, so answers planted through links are
            // planned in advance and visible (SPEC 4).
            return Err(AppError::Conflict(format!(
                "links are made before a survey opens; this one opened on {}, so who may answer is fixed",
                survey.opens_on
            )));
        }
        if !survey.organization_ids.contains(&organization_id) {
            return Err(ValidationErrors::single(
                "organization_id",
                "must be one of the organisations this survey asks",
            )
            .into());
        }
        let token = new_secret();
        self.store
            .add_survey_link(self.viewer.workspace_id, id, organization_id, &digest(&token), self.viewer.user_id)
            .await?;
        let mut url = format!("{}/s/{token}", base_url.trim_end_matches('/'));
        if let Some(language) = language {
            url.push_str("?lang=");
            url.push_str(language.as_str());
        }
        Ok(SurveyLink { organization_id, token, url })
    }

    /// Answers a survey the caller was invited to, once, while it is open.
    pub async fn answer_survey(&self, id: Uuid, draft: &ResponseDraft) -> AppResult<AnswerReceipt> {
        let survey = self.survey(id).await?;
        let invitation = self
            .store
            .survey_invitation_of(self.viewer.workspace_id, id, self.viewer.user_id)
            .await?
            .ok_or(AppError::Forbidden("you are not invited to answer this survey"))?;
        answer_with(self.store, &survey, &invitation, draft).await
    }

    pub async fn survey_response_rate(&self, id: Uuid) -> AppResult<ResponseRate> {
        let survey = self.survey(id).await?;
        let count = self.store.survey_response_count(self.viewer.workspace_id, &survey).await?;
        let rate_percent =
            count.responses.filter(|_| count.invited > 0).map(|r| r as f64 / count.invited as f64 * 100.0);
        Ok(ResponseRate {
            survey_id: survey.id,
            state: survey.state,
            k: survey.k,
            invited: count.invited,
            responses: count.responses,
            rate_percent,
            note: count
                .responses
                .is_none()
                .then(|| format!("Fewer than {} responses so far: the count is shown from {} on.", survey.k, survey.k)),
        })
    }

    /// A closed survey's results, as aggregates only. A reader who answered it, or made links
    /// for it, knows an answer: they see only what rests on at least `k` other respondents.
    pub async fn survey_results(&self, id: Uuid) -> AppResult<SurveyResults> {
        let survey = self.survey(id).await?;
        let ws = self.viewer.workspace_id;
        let reader_answered = self.store.knows_an_answer(ws, survey.id, self.viewer.user_id).await?;
        match self.store.survey_results(ws, &survey, reader_answered).await {
            Ok(results) if survey.partnership_id.is_none() && !self.viewer.sees_whole_workspace() => {
                self.only_visible_ties(results).await
            }
            Ok(results) => Ok(results),
            Err(StoreError::Conflict(why)) => Err(AppError::Conflict(why)),
            Err(other) => Err(other.into()),
        }
    }

    /// Whether the caller knows an answer to the survey (gave one, or made a link that did):
    /// results then hold back what their own answer would give away.
    pub async fn survey_reader_answered(&self, id: Uuid) -> AppResult<bool> {
        let survey = self.survey(id).await?;
        Ok(self.store.knows_an_answer(self.viewer.workspace_id, survey.id, self.viewer.user_id).await?)
    }

    /// Open surveys the caller is invited to, with whether they have answered: their tasks.
    pub async fn my_open_surveys(&self) -> AppResult<Vec<(Survey, bool)>> {
        Ok(self.store.open_surveys_of(self.viewer.workspace_id, self.viewer.user_id).await?)
    }

    pub async fn pulse_setting(&self, partnership_id: Uuid) -> AppResult<PulseSetting> {
        self.partnership(partnership_id).await?;
        let days = self.store.pulse_after_checkin(self.viewer.workspace_id, partnership_id).await?;
        Ok(PulseSetting { after_checkin: days.is_some(), days_open: Some(days.unwrap_or(7)) })
    }

    /// Coordinators and owners decide whether a partnership asks for a pulse after each check-in.
    pub async fn set_pulse_setting(&self, partnership_id: Uuid, setting: &PulseSetting) -> AppResult<PulseSetting> {
        self.partnership(partnership_id).await?;
        if !self.viewer.may(Action::ManageNetwork) {
            return Err(AppError::Forbidden("only coordinators and owners can change how a partnership is surveyed"));
        }
        let days = setting.days_open.unwrap_or(7);
        if !(1..=30).contains(&days) {
            return Err(ValidationErrors::single("days_open", "must be between 1 and 30 days").into());
        }
        self.store
            .set_pulse_after_checkin(self.viewer.workspace_id, partnership_id, setting.after_checkin.then_some(days))
            .await?;
        self.pulse_setting(partnership_id).await
    }

    /// The pulse a check-in held on `held_on` sends, when the partnership asks for one (the
    /// store sends it with the check-in unless one is open). The check-in is recorded whatever
    /// happens here, so a failure is logged, not returned.
    pub(crate) async fn pulse_after_checkin(
        &self,
        partnership_id: Uuid,
        held_on: chrono::NaiveDate,
    ) -> Option<SurveyToSend> {
        let today = self.today();
        let planned: AppResult<Option<SurveyToSend>> = async {
            let Some(days) = self.store.pulse_after_checkin(self.viewer.workspace_id, partnership_id).await? else {
                return Ok(None);
            };
            let draft = SurveyDraft {
                title: Some(format!("Pulse after the check-in of {held_on}")),
                partnership_id: Some(partnership_id),
                opens_on: today,
                closes_on: today + chrono::Duration::days(i64::from(days)),
                ..SurveyDraft::default()
            };
            match self.whom_to_ask(draft.validate(today)?).await {
                Ok(sent) => Ok(Some(sent)),
                // A partnership of fewer than two organisations has nobody to rate.
                Err(AppError::Invalid(_)) => Ok(None),
                Err(other) => Err(other),
            }
        }
        .await;
        planned.unwrap_or_else(|err| {
            tracing::warn!(error = %err, %partnership_id, "could not prepare the pulse after a check-in");
            None
        })
    }

    /// A network survey's results as a member may see them: a partnership's group, or a pair's,
    /// says who works with whom, which members only learn about partnerships they see
    /// themselves (SPEC 7). Leaving groups out never weakens anonymity.
    async fn only_visible_ties(&self, mut results: SurveyResults) -> AppResult<SurveyResults> {
        let visible =
            self.partnerships(None, PageRequest { after: None, limit: 200, include_archived: true }).await?.items;
        results.by_partnership.retain(|g| visible.iter().any(|p| Some(p.id) == g.partnership_id));
        results.by_pair.retain(|g| {
            let (Some(a), Some(b)) = (g.organization_id, g.rating_organization_id) else { return false };
            visible.iter().any(|p| p.member_ids().contains(&a) && p.member_ids().contains(&b))
        });
        Ok(results)
    }
}
