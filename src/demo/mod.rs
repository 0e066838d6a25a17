//! `rapport demo`: a server on a fresh database holding an invented network of forty
//! organisations and twenty-five partnerships with eighteen months of history, so every page has
//! something true to show: check-ins and commitments, goals and milestones, three waves of the
//! partnership pulse, concerns in every state, kudos, contributions and retrospectives, and
//! every kind of early warning.
//!
//! History is written through the store with its clock set to the day each thing happened, so
//! records carry the dates they would carry had people typed them in on the day. What happens
//! is decided by a fixed-seed generator, so every demo tells the same story.

mod data;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use anyhow::{Context, anyhow};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rapport_core::Role;
use rapport_core::commitment::Agreed;
use rapport_core::concern::{ConcernDraft, ConcernTransitionDraft};
use rapport_core::contribution::ContributionDraft;
use rapport_core::kinds::{Cadence, Confidence, RecordKind};
use rapport_core::kudos::KudosDraft;
use rapport_core::records::{
    CheckInDraft, CommitmentDraft, ContactDraft, GoalDraft, GoalUpdateDraft, MemberDraft, Milestone, MilestoneDraft,
    OrganizationDraft, PartnershipDraft,
};
use rapport_core::retrospective::{RetrospectiveDraft, RetrospectiveItemDraft};
use rapport_core::survey::{AnswerDraft, ResponseDraft, Survey, SurveyDraft};
use rapport_core::trust::RecordRef;
use rapport_store::{Store, SurveyInvitation, SurveyToSend};
use uuid::Uuid;

use data::{MilestoneFate, PARTNERSHIPS, PartnershipSpec};

use crate::dice::Dice;

pub const DEMO_PASSWORD: &str = "rapport-demo";
pub const COORDINATOR_EMAIL: &str = "coordinator@rapport.demo";

/// How far back the story begins.
const HISTORY_DAYS: i64 = 550;
/// The three survey waves: days ago each opened. Each stays open two weeks.
const WAVES: [i64; 3] = [420, 240, 50];
const WAVE_DAYS: i64 = 14;

pub async fn run(bind: SocketAddr, database: Option<String>) -> anyhow::Result<()> {
    let url = match database {
        Some(url) => url,
        None => {
            let path = std::env::temp_dir().join(format!("rapport-demo-{}.db", std::process::id()));
            let _ = std::fs::remove_file(&path);
            format!("sqlite://{}", path.display())
        }
    };
    let store = Store::open(&url).await?;
    anyhow::ensure!(store.user_count().await? == 0, "the demo needs an empty database, and {url} already has accounts");
    let started = std::time::Instant::now();
    fill(&store).await.context("could not build the demo network")?;
    eprintln!("The demo network was ready in {:.1} s.", started.elapsed().as_secs_f64());
    println!("Demo login: {COORDINATOR_EMAIL} / {DEMO_PASSWORD} (also liaison@rapport.demo and funder@rapport.demo)");
    crate::cli::serve(store, bind, None).await
}

/// A store whose clock the demo moves through the past.
struct TimeMachine {
    store: Store,
    now: Arc<AtomicI64>,
}

impl TimeMachine {
    fn new(store: &Store) -> TimeMachine {
        let now = Arc::new(AtomicI64::new(Utc::now().timestamp()));
        let clock = now.clone();
        let store = store.clone().with_clock(Arc::new(move || {
            DateTime::from_timestamp(clock.load(Ordering::Relaxed), 0).unwrap_or_default()
        }));
        TimeMachine { store, now }
    }

    /// Moves to mid-morning of `day`.
    fn go_to(&self, day: NaiveDate) {
        let moment = day.and_hms_opt(10, 0, 0).unwrap_or_default().and_utc();
        self.now.store(moment.timestamp(), Ordering::Relaxed);
    }
}

/// What the demo does on a given day.
enum Happening {
    /// An organisation's contact is added on the day someone was last in touch with them.
    AddContact(usize),
    Launch(usize),
    Stage {
        partnership: usize,
        status: &'static str,
    },
    ReviseVision(usize),
    CheckIn(usize),
    Resolve {
        partnership: usize,
        commitment: Uuid,
        promisor: Uuid,
        fate: Fate,
    },
    GoalUpdate(usize),
    MilestoneMet {
        partnership: usize,
        index: usize,
        fate: MilestoneFate,
    },
    Contribute(usize),
    Thank {
        partnership: usize,
        about: RecordRef,
        to: Uuid,
    },
    RaiseConcern(usize),
    MoveConcern {
        concern: usize,
        id: Uuid,
        step: usize,
    },
    Retrospective(usize),
    OpenSurvey(usize),
    AnswerSurvey(usize),
}

#[derive(Clone, Copy)]
enum Fate {
    KeptOnTime,
    KeptLate,
    Missed,
    Renegotiated,
    Cancelled,
}

/// A partnership as it stands in the story so far.
struct Live {
    id: Uuid,
    members: Vec<Uuid>,
    status: &'static str,
    vision: &'static str,
    goal: Option<rapport_core::records::Goal>,
    milestones: Vec<Milestone>,
}

/// Everything the story needs to remember while it is told.
struct Demo<'a> {
    machine: &'a TimeMachine,
    today: NaiveDate,
    ws: Uuid,
    coordinator: Uuid,
    /// Users of PEOPLE, in order.
    people: Vec<Uuid>,
    organizations: Vec<Uuid>,
    live: Vec<Option<Live>>,
    surveys: Vec<Survey>,
    dice: Dice,
    agenda: BTreeMap<NaiveDate, Vec<Happening>>,
    action_counter: usize,
}

async fn fill(store: &Store) -> anyhow::Result<()> {
    let today = Utc::now().date_naive();
    let machine = TimeMachine::new(store);
    let start = today - Duration::days(HISTORY_DAYS);
    machine.go_to(start);
    let store = &machine.store;

    // One password hash for every demo account: they all share the demo password.
    let hash = rapport_app::credentials::hash_password(DEMO_PASSWORD.to_owned()).await.map_err(|e| anyhow!("{e}"))?;
    let coordinator = store.create_user(COORDINATOR_EMAIL, "Rosa Delgado", &hash, true).await?;
    let liaison = store.create_user("liaison@rapport.demo", "Sam Chen", &hash, false).await?;
    let funder = store.create_user("funder@rapport.demo", "Evelyn Park", &hash, false).await?;
    let workspace = store.create_workspace("Riverside Community Partnerships", coordinator.id).await?;
    let ws = workspace.id;

    let mut organizations = Vec::new();
    for spec in data::ORGANIZATIONS {
        let draft = OrganizationDraft {
            name: spec.name.into(),
            kind: spec.kind.into(),
            mission: Some(spec.mission.into()),
            focus_areas: spec.focus.iter().map(std::string::ToString::to_string).collect(),
            website: Some(spec.website.into()),
        };
        let valid = draft.validate().map_err(|e| anyhow!("{}: {e}", spec.name))?;
        let org = store.create_organization(ws, &valid).await?;
        organizations.push(org.id);
    }
    store.set_member(ws, liaison.id, Role::Member).await?;
    store.set_member_organizations(ws, liaison.id, &[organizations[23]]).await?;
    store.set_member(ws, funder.id, Role::Observer).await?;
    let mut people = Vec::new();
    for (email, name, role, organization) in data::PEOPLE {
        let user = store.create_user(email, name, &hash, false).await?;
        store.set_member(ws, user.id, role.parse().map_err(|e| anyhow!("{e}"))?).await?;
        if let Some(org) = organization {
            store.set_member_organizations(ws, user.id, &[organizations[*org]]).await?;
        }
        people.push(user.id);
    }

    let mut demo = Demo {
        machine: &machine,
        today,
        ws,
        coordinator: coordinator.id,
        people,
        organizations,
        live: PARTNERSHIPS.iter().map(|_| None).collect(),
        surveys: Vec::new(),
        dice: Dice::from_state(0x5EED_2026),
        agenda: BTreeMap::new(),
        action_counter: 0,
    };
    demo.plan();
    demo.play().await?;

    // The story is told: bring every score and warning up to today.
    machine.go_to(today);
    demo.sign_agreements().await?;
    store.sweep_missed(ws).await?;
    let ids: Vec<Uuid> = demo.live.iter().flatten().map(|l| l.id).collect();
    store.refresh_trust(ws, &ids).await?;
    demo.open_todays_pulse().await?;
    demo.log_recent_contacts().await?;
    // The map's measures and layout are ready before anyone opens it.
    rapport_app::App::new(store.clone()).refresh_network(ws).await?;
    Ok(())
}

/// A demo agreement: kind, title, started days ago, ends in days (none: open-ended), renewal
/// notice, status, document link.
type AgreementSpec = (&'static str, &'static str, i64, Option<i64>, i32, &'static str, &'static str);

fn cadence_days(spec: &PartnershipSpec) -> f64 {
    spec.cadence.parse::<Cadence>().map(Cadence::days).unwrap_or(30.4)
}

fn began(spec: &PartnershipSpec, today: NaiveDate) -> NaiveDate {
    today - Duration::days(spec.stages[0].0)
}

/// The day the partnership stopped meeting (paused or ended), if it did.
fn stopped(spec: &PartnershipSpec, today: NaiveDate) -> Option<NaiveDate> {
    spec.stages
        .iter()
        .find(|(_, status)| matches!(*status, "paused" | "ended"))
        .map(|(days, _)| today - Duration::days(*days))
}

fn goal_due(spec: &PartnershipSpec, today: NaiveDate) -> NaiveDate {
    today + Duration::days(spec.goal.due_days)
}

impl Demo<'_> {
    fn store(&self) -> &Store {
        &self.machine.store
    }

    fn at(&mut self, day: NaiveDate, happening: Happening) {
        if day <= self.today {
            self.agenda.entry(day).or_default().push(happening);
        }
    }

    fn live(&self, partnership: usize) -> anyhow::Result<&Live> {
        self.live[partnership].as_ref().ok_or_else(|| anyhow!("{} has not begun", PARTNERSHIPS[partnership].name))
    }

    /// Puts everything that does not depend on earlier outcomes in the agenda.
    fn plan(&mut self) {
        let today = self.today;
        for (index, spec) in data::ORGANIZATIONS.iter().enumerate() {
            let (_, _, days_ago, _) = spec.contact;
            self.at(today - Duration::days(days_ago), Happening::AddContact(index));
        }
        for (index, spec) in PARTNERSHIPS.iter().enumerate() {
            let began = began(spec, today);
            self.at(began, Happening::Launch(index));
            for (days, status) in &spec.stages[1..] {
                self.at(today - Duration::days(*days), Happening::Stage { partnership: index, status });
            }
            if let Some((after, _)) = spec.revised_vision {
                self.at(began + Duration::days(after), Happening::ReviseVision(index));
            }

            // Check-ins at the cadence, some skipped, none after it paused or ended, and none
            // lately where it stalled.
            let step = cadence_days(spec);
            let mut end = stopped(spec, today).unwrap_or(today);
            if spec.stalled {
                end = end.min(today - Duration::days((2.6 * step) as i64));
            }
            let mut n = 0.0;
            loop {
                let day = began + Duration::days(3 + (n * step).round() as i64);
                if day >= end {
                    break;
                }
                if !self.dice.chance(spec.behaviour.skip) {
                    self.at(day, Happening::CheckIn(index));
                }
                n += 1.0;
            }

            // Progress updates on the goal every two months.
            let last = goal_due(spec, today).min(end);
            let mut day = began + Duration::days(30);
            while day < last {
                self.at(day, Happening::GoalUpdate(index));
                day += Duration::days(61);
            }
            if spec.goal.worry.is_some() {
                self.at(today - Duration::days(6), Happening::GoalUpdate(index));
            }

            // Contributions every month or two; where one member carries the load, more often.
            let (every, spread) = if spec.one_sided { (18, 10) } else { (30, 30) };
            let mut day = began + Duration::days(10);
            while day < end {
                self.at(day, Happening::Contribute(index));
                day += Duration::days(every) + self.dice.days(spread);
            }
        }
        for (index, concern) in data::CONCERNS.iter().enumerate() {
            self.at(today - Duration::days(concern.raised_days_ago), Happening::RaiseConcern(index));
        }
        for (index, retro) in data::RETROSPECTIVES.iter().enumerate() {
            self.at(today - Duration::days(retro.days_ago), Happening::Retrospective(index));
        }
        for (wave, days) in WAVES.iter().enumerate() {
            let opens = today - Duration::days(*days);
            self.at(opens, Happening::OpenSurvey(wave));
            self.at(opens + Duration::days(2), Happening::AnswerSurvey(wave));
        }
    }

    /// Walks the days in order; what happens on a day may put more in the agenda.
    async fn play(&mut self) -> anyhow::Result<()> {
        let first = self.agenda.keys().next().copied().unwrap_or(self.today);
        let total = (self.today - first).num_days().max(1) as u64;
        let progress = crate::progress::Progress::new("Building the demo network");
        while let Some((day, happenings)) = self.agenda.pop_first() {
            self.machine.go_to(day);
            progress.update((day - first).num_days() as u64, total);
            for happening in happenings {
                self.happen(day, happening).await?;
            }
        }
        progress.update(total, total);
        progress.finish();
        Ok(())
    }

    async fn happen(&mut self, day: NaiveDate, happening: Happening) -> anyhow::Result<()> {
        match happening {
            Happening::AddContact(o) => self.add_contact(day, o).await,
            Happening::Launch(p) => self.launch(day, p).await,
            Happening::Stage { partnership, status } => self.change(partnership, Some(status), None).await,
            Happening::ReviseVision(p) => {
                let vision = PARTNERSHIPS[p].revised_vision.map(|(_, v)| v);
                self.change(p, None, vision).await
            }
            Happening::CheckIn(p) => self.check_in(day, p).await,
            Happening::Resolve { partnership, commitment, promisor, fate } => {
                self.resolve(day, partnership, commitment, promisor, fate).await
            }
            Happening::GoalUpdate(p) => self.goal_update(day, p).await,
            Happening::MilestoneMet { partnership, index, fate } => {
                self.milestone_met(day, partnership, index, fate).await
            }
            Happening::Contribute(p) => self.contribute(day, p).await,
            Happening::Thank { partnership, about, to } => self.thank(partnership, about, to).await,
            Happening::RaiseConcern(c) => self.raise_concern(day, c).await,
            Happening::MoveConcern { concern, id, step } => self.move_concern(concern, id, step).await,
            Happening::Retrospective(r) => self.retrospective(day, r).await,
            Happening::OpenSurvey(wave) => self.open_survey(day, wave).await,
            Happening::AnswerSurvey(wave) => self.answer_survey(wave).await,
        }
    }

    // ----- agreements (issue 26) ------------------------------------------------------------

    /// The agreements of the first running partnerships: a memorandum of understanding ending
    /// next month (inside its renewal notice), a data-sharing agreement that lapsed three weeks
    /// ago while still marked in force, a facility-use agreement running to next year, an
    /// open-ended funding agreement and a draft, each with a link to where the partners keep it.
    async fn sign_agreements(&mut self) -> anyhow::Result<()> {
        const AGREEMENTS: &[AgreementSpec] = &[
            // kind, title, started days ago, ends in days, notice, status, document
            (
                "memorandum_of_understanding",
                "Memorandum of understanding 2025–2026",
                330,
                Some(35),
                60,
                "in_force",
                "https://docs.example.org/riverside/mou-2025.pdf",
            ),
            (
                "data_sharing",
                "Attendance and reading-level data sharing",
                380,
                Some(-21),
                45,
                "in_force",
                "https://docs.example.org/riverside/data-sharing.pdf",
            ),
            (
                "facility_use",
                "Use of the community centre's rooms",
                120,
                Some(250),
                90,
                "in_force",
                "https://docs.example.org/riverside/rooms.pdf",
            ),
            (
                "funding",
                "Family Nights grant",
                200,
                None,
                60,
                "in_force",
                "https://docs.example.org/riverside/grant.pdf",
            ),
            (
                "memorandum_of_understanding",
                "Memorandum of understanding 2026–2028 (draft)",
                -20,
                Some(750),
                60,
                "draft",
                "https://docs.example.org/riverside/mou-2026-draft.docx",
            ),
        ];
        let running: Vec<usize> = (0..PARTNERSHIPS.len())
            .filter(|p| self.live[*p].as_ref().is_some_and(|l| matches!(l.status, "active" | "forming")))
            .collect();
        for (i, (kind, title, started, ends, notice, status, url)) in AGREEMENTS.iter().enumerate() {
            if running.is_empty() {
                return Ok(());
            }
            let p = running[i % running.len()];
            let live = self.live(p)?;
            let (id, members) = (live.id, live.members.clone());
            let starts_on = self.today - Duration::days(*started);
            let draft = rapport_core::agreement::AgreementDraft {
                kind: (*kind).into(),
                title: (*title).into(),
                party_organization_ids: members.clone(),
                signed_on: (*status != "draft").then(|| starts_on - Duration::days(10)),
                starts_on,
                ends_on: ends.map(|d| self.today + Duration::days(d)),
                renewal_notice_days: Some(*notice),
                status: Some((*status).into()),
                document_url: Some((*url).into()),
                notes: None,
            };
            let valid = draft.validate(&members, self.today).map_err(|e| anyhow!("{title}: {e}"))?;
            self.store().create_agreement(self.ws, id, &valid, Some(self.coordinator)).await?;
        }
        Ok(())
    }

    // ----- organisations ---------------------------------------------------------------------

    /// The organisation's contact, in touch today, whom the coordinator keeps up with.
    async fn add_contact(&mut self, day: NaiveDate, o: usize) -> anyhow::Result<()> {
        let (name, role, _, follow_up) = data::ORGANIZATIONS[o].contact;
        let draft = ContactDraft {
            name: name.into(),
            role: Some(role.into()),
            email: Some(format!("{}@example.org", name.to_lowercase().replace(['.', ' ', '-'], ""))),
            phone: None,
            last_contacted_on: Some(day),
            follow_up_days: Some(follow_up),
            owner_user_id: Some(self.coordinator),
        };
        let valid = draft.validate(self.store().today()).map_err(|e| anyhow!("{name}: {e}"))?;
        self.store().create_contact(self.ws, self.organizations[o], &valid).await?;
        Ok(())
    }

    // ----- partnerships ---------------------------------------------------------------------

    async fn launch(&mut self, day: NaiveDate, p: usize) -> anyhow::Result<()> {
        let spec = &PARTNERSHIPS[p];
        let members: Vec<Uuid> = spec.members.iter().map(|(org, _)| self.organizations[*org]).collect();
        let draft = partnership_draft(spec, &members, spec.stages[0].1, spec.vision);
        let valid = draft.validate().map_err(|e| anyhow!("{}: {e}", spec.name))?;
        let partnership = self.store().create_partnership(self.ws, &valid, Some(self.coordinator)).await?;

        let goal = &spec.goal;
        let due = goal_due(spec, self.today);
        let draft = GoalDraft {
            statement: goal.statement.into(),
            metric: Some(goal.metric.into()),
            unit: Some(goal.unit.into()),
            baseline: Some(goal.baseline),
            target: Some(goal.target),
            current: Some(goal.baseline),
            owner_organization_id: Some(members[0]),
            relevance: Some(spec.vision.into()),
            due_on: Some(due),
        };
        let valid = draft.validate().map_err(|e| anyhow!("{}: {e}", spec.name))?;
        let created = self.store().create_goal(self.ws, partnership.id, &valid).await?;
        let span = (due - day).num_days().max(30);
        let count = goal.milestones.len() as i64;
        let mut milestones = Vec::new();
        for (n, (title, fate)) in goal.milestones.iter().enumerate() {
            let (due_on, met_on) = match fate {
                MilestoneFate::RecentWin => (self.today - Duration::days(12), Some(self.today - Duration::days(10))),
                MilestoneFate::OnTime => {
                    let due_on = day + Duration::days(span * (n as i64 + 1) / (count + 1));
                    (due_on, Some(due_on - self.dice.days(7)))
                }
                MilestoneFate::Late => {
                    let due_on = day + Duration::days(span * (n as i64 + 1) / (count + 1));
                    (due_on, Some(due_on + Duration::days(6) + self.dice.days(14)))
                }
                MilestoneFate::Slipped => (day + Duration::days(span * (n as i64 + 1) / (count + 1)), None),
            };
            let draft = MilestoneDraft { title: title.to_string(), due_on, met_on: None };
            let valid = draft.validate(self.store().today()).map_err(|e| anyhow!("{title}: {e}"))?;
            milestones.push(self.store().create_milestone(self.ws, &created, &valid).await?);
            if let Some(met_on) = met_on {
                self.at(
                    met_on.max(day + Duration::days(1)),
                    Happening::MilestoneMet { partnership: p, index: n, fate: *fate },
                );
            }
        }
        self.live[p] = Some(Live {
            id: partnership.id,
            members,
            status: spec.stages[0].1,
            vision: spec.vision,
            goal: Some(created),
            milestones,
        });
        Ok(())
    }

    /// A new status or vision, agreed at a meeting and recorded by the coordinator.
    async fn change(
        &mut self,
        p: usize,
        status: Option<&'static str>,
        vision: Option<&'static str>,
    ) -> anyhow::Result<()> {
        let spec = &PARTNERSHIPS[p];
        let live = self.live(p)?;
        let (status, vision) = (status.unwrap_or(live.status), vision.unwrap_or(live.vision));
        let valid = partnership_draft(spec, &live.members, status, vision)
            .validate()
            .map_err(|e| anyhow!("{}: {e}", spec.name))?;
        self.store().update_partnership(self.ws, live.id, &valid, None, Some(self.coordinator)).await?;
        let live = self.live[p].as_mut().ok_or_else(|| anyhow!("not begun"))?;
        live.status = status;
        live.vision = vision;
        Ok(())
    }

    async fn check_in(&mut self, day: NaiveDate, p: usize) -> anyhow::Result<()> {
        let spec = &PARTNERSHIPS[p];
        let live = self.live(p)?;
        let (id, members) = (live.id, live.members.clone());
        let step = cadence_days(spec);
        // The quiet member stopped coming some four meetings ago; others miss one now and then.
        let quiet_since = self.today - Duration::days((4.2 * step) as i64);
        let mut attendees = Vec::new();
        for (i, org) in members.iter().enumerate() {
            let quiet = spec.quiet_member && i == members.len() - 1 && day >= quiet_since;
            if !quiet && !self.dice.chance(8) {
                attendees.push(*org);
            }
        }
        let actions = data::actions(spec.theme);
        let items = if step <= 14.0 { 1 } else { 1 + self.dice.below(2) };
        let mut action_items = Vec::new();
        for _ in 0..items {
            let promisor = *self.dice.pick(&members);
            let promisee = members.iter().copied().find(|m| *m != promisor);
            let description = actions[self.action_counter % actions.len()];
            self.action_counter += 1;
            let to_partnership = self.dice.chance(30);
            action_items.push(CommitmentDraft {
                promisor_organization_id: promisor,
                promisor_user_id: None,
                promisee_organization_id: if to_partnership { None } else { promisee },
                description: description.into(),
                due_on: day + Duration::days(10) + self.dice.days(21),
                made_on: None,
                outcome: None,
            });
        }
        let absent = members.len() - attendees.len();
        let draft = CheckInDraft {
            held_on: day,
            agenda: Some(
                "Open commitments; progress on our goal; anything anyone is worried about; what's next".into(),
            ),
            notes: Some(match absent {
                0 => "Every partner was there. We went through open commitments and the goal numbers.".to_owned(),
                n => format!("{n} partner(s) sent apologies. We went through open commitments and the goal numbers."),
            }),
            decisions: Some(
                self.dice
                    .pick(&[
                        "Keep the current plan; follow up by e-mail on anything blocked.",
                        "Move the next event by a week to avoid the holidays.",
                        "Share the draft numbers before the next check-in.",
                    ])
                    .to_string(),
            ),
            attendee_organization_ids: attendees,
            attendee_user_ids: vec![self.coordinator],
            attendee_contact_ids: Vec::new(),
            action_items,
        };
        let valid = draft.validate(&members, self.store().today()).map_err(|e| anyhow!("{}: {e}", spec.name))?;
        let checkin = self.store().create_checkin(self.ws, id, &valid, None, Some(self.coordinator)).await?;
        let behaviour = spec.behaviour;
        for (commitment, item) in checkin.action_item_ids.iter().zip(&valid.action_items) {
            let roll = self.dice.below(100);
            let (fate, when) = if roll < behaviour.kept {
                (Fate::KeptOnTime, item.due_on - self.dice.days(8))
            } else if roll < behaviour.kept + behaviour.late {
                (Fate::KeptLate, item.due_on + Duration::days(1) + self.dice.days(12))
            } else if roll < behaviour.kept + behaviour.late + behaviour.missed {
                (Fate::Missed, item.due_on)
            } else if self.dice.chance(60) {
                (Fate::Renegotiated, item.due_on - Duration::days(2))
            } else {
                (Fate::Cancelled, day + Duration::days(4))
            };
            let promisor = item.promisor_organization_id;
            self.at(when.max(day), Happening::Resolve { partnership: p, commitment: *commitment, promisor, fate });
        }
        Ok(())
    }

    async fn resolve(&mut self, day: NaiveDate, p: usize, id: Uuid, promisor: Uuid, fate: Fate) -> anyhow::Result<()> {
        let (ws, by) = (self.ws, Some(self.coordinator));
        match fate {
            Fate::KeptOnTime | Fate::KeptLate => {
                self.store().complete_commitment(ws, id, day, None, by).await?;
                // Now and then someone says thank you for a promise kept.
                if matches!(fate, Fate::KeptOnTime) && self.dice.chance(5) {
                    let about = RecordRef { kind: RecordKind::Commitment, id };
                    self.at(day + Duration::days(1), Happening::Thank { partnership: p, about, to: promisor });
                }
            }
            Fate::Missed => {
                // Most missed promises are done in the end, late; struggling partnerships leave
                // more of them hanging.
                let eventually = if PARTNERSHIPS[p].behaviour.missed >= 15 { 35 } else { 85 };
                if self.dice.chance(eventually) {
                    let when = day + Duration::days(18) + self.dice.days(30);
                    self.at(
                        when,
                        Happening::Resolve { partnership: p, commitment: id, promisor, fate: Fate::KeptLate },
                    );
                }
            }
            Fate::Renegotiated => {
                let current = self.store().commitment(ws, id).await?;
                let new_due = current.due_on + Duration::days(14);
                let reason = *self.dice.pick(&[
                    "The venue moved our date; agreed at the check-in.",
                    "Waiting on the district's sign-off; we said so early.",
                    "Volunteers were ill this week; new date agreed with everyone.",
                ]);
                let agreed = Agreed { reason, on: self.store().today() };
                self.store().renegotiate_commitment(ws, id, new_due, agreed, None, by).await?;
                self.at(
                    new_due - Duration::days(1),
                    Happening::Resolve { partnership: p, commitment: id, promisor, fate: Fate::KeptOnTime },
                );
            }
            Fate::Cancelled => {
                let agreed = Agreed { reason: "No longer needed after the plan changed.", on: self.store().today() };
                self.store().cancel_commitment(ws, id, agreed, None, by).await?;
            }
        }
        Ok(())
    }

    // ----- goals ------------------------------------------------------------------------------

    async fn goal_update(&mut self, day: NaiveDate, p: usize) -> anyhow::Result<()> {
        let spec = &PARTNERSHIPS[p];
        let goal = &spec.goal;
        let Some(created) = self.live(p)?.goal.clone() else { return Ok(()) };
        let began = began(spec, self.today);
        let last = goal_due(spec, self.today).min(stopped(spec, self.today).unwrap_or(self.today)).min(self.today);
        let elapsed = (day - began).num_days() as f64 / (last - began).num_days().max(1) as f64;
        let value = goal.baseline + (goal.target - goal.baseline) * goal.reach * elapsed.clamp(0.0, 1.0);
        let value = (value * 10.0).round() / 10.0;
        let late_in_life = (self.today - day).num_days() < 60;
        let (confidence, comment) = match goal.worry {
            Some(worry) if late_in_life => {
                let confidence: Confidence = worry.parse().map_err(|e| anyhow!("{e}"))?;
                (
                    confidence,
                    "We are behind: volunteers and deliveries have not kept pace, and we need to talk about the target.",
                )
            }
            _ if spec.behaviour.missed >= 15 && self.dice.chance(40) => {
                (Confidence::AtRisk, "Some slippage this period; we have a plan to catch up.")
            }
            _ => (Confidence::OnTrack, "Steady progress; numbers from the last check-in."),
        };
        let draft = GoalUpdateDraft {
            current: Some(value),
            confidence: confidence.as_str().into(),
            comment: Some(comment.into()),
        };
        let valid = draft.validate().map_err(|e| anyhow!("{}: {e}", spec.name))?;
        self.store().add_goal_update(self.ws, created.id, &valid, Some(self.coordinator)).await?;
        Ok(())
    }

    async fn milestone_met(
        &mut self,
        day: NaiveDate,
        p: usize,
        index: usize,
        fate: MilestoneFate,
    ) -> anyhow::Result<()> {
        let live = self.live(p)?;
        let milestone = live.milestones[index].clone();
        let owner = live.members[0];
        let draft = MilestoneDraft { title: milestone.title.clone(), due_on: milestone.due_on, met_on: Some(day) };
        let valid = draft.validate(self.store().today()).map_err(|e| anyhow!("{}: {e}", milestone.title))?;
        let updated = self.store().update_milestone(self.ws, milestone.id, &valid, None).await?;
        self.live[p].as_mut().ok_or_else(|| anyhow!("not begun"))?.milestones[index] = updated;
        // Most wins are celebrated; the recent one is still waiting for its thank-you.
        if fate != MilestoneFate::RecentWin && self.dice.chance(75) {
            let about = RecordRef { kind: RecordKind::Milestone, id: milestone.id };
            let when = day + Duration::days(1) + self.dice.days(4);
            self.at(when, Happening::Thank { partnership: p, about, to: owner });
        }
        Ok(())
    }

    // ----- practices --------------------------------------------------------------------------

    async fn contribute(&mut self, day: NaiveDate, p: usize) -> anyhow::Result<()> {
        let spec = &PARTNERSHIPS[p];
        let members = self.live(p)?.members.clone();
        let id = self.live(p)?.id;
        for _ in 0..1 + self.dice.below(2) {
            let index =
                if spec.one_sided && self.dice.chance(88) { 0 } else { self.dice.below(members.len() as u64) as usize };
            let kind = data::ORGANIZATIONS[spec.members[index].0].kind;
            let (kind, amount, unit, note) = self.contribution_of(kind);
            let draft = ContributionDraft {
                organization_id: members[index],
                kind: kind.into(),
                amount,
                unit: unit.map(str::to_owned),
                contributed_on: day,
                note: Some(note.into()),
            };
            let valid = draft.validate(&members, day).map_err(|e| anyhow!("{}: {e}", spec.name))?;
            self.store().create_contribution(self.ws, id, &valid, Some(self.coordinator)).await?;
        }
        Ok(())
    }

    /// What an organisation of this kind typically brings.
    fn contribution_of(&mut self, organization_kind: &str) -> (&'static str, f64, Option<&'static str>, &'static str) {
        let hours = 2.0 + self.dice.below(18) as f64;
        let times = 1.0 + self.dice.below(3) as f64;
        let money = 250.0 * (1 + self.dice.below(12)) as f64;
        let options: &[(&str, f64, Option<&str>, &str)] = match organization_kind {
            "school" | "district" => &[
                ("staff_hours", hours, None, "Staff time for planning and running sessions"),
                ("facilities", times, None, "Rooms and the hall after school"),
                ("data", times, None, "Attendance and enrolment figures"),
            ],
            "business" => &[
                ("money", money, Some("USD"), "Sponsorship"),
                ("expertise", hours, None, "Staff volunteering their know-how"),
                ("in_kind", times, None, "Supplies donated"),
            ],
            "higher_education" => &[
                ("expertise", hours, None, "Faculty time"),
                ("staff_hours", hours, None, "Coordinator time"),
                ("data", times, None, "Evaluation findings"),
            ],
            "library" => &[
                ("facilities", times, None, "Meeting room and reading space"),
                ("in_kind", times, None, "Books and materials"),
                ("staff_hours", hours, None, "Librarian time"),
            ],
            "government" => &[
                ("money", money, Some("USD"), "Small grant"),
                ("data", times, None, "Neighbourhood figures"),
                ("staff_hours", hours, None, "Officer time"),
            ],
            "faith" => &[
                ("facilities", times, None, "Hall and kitchen"),
                ("volunteer_hours", hours, None, "Congregation volunteers"),
            ],
            "family_group" => &[
                ("volunteer_hours", hours, None, "Parent volunteers"),
                ("community_connections", times, None, "Introductions to families"),
            ],
            _ => &[
                ("volunteer_hours", hours, None, "Volunteers"),
                ("in_kind", times, None, "Materials"),
                ("community_connections", times, None, "Introductions to neighbours"),
            ],
        };
        *self.dice.pick(options)
    }

    /// Kudos, from someone of another member organisation when there is one, else from the
    /// coordinator.
    async fn thank(&mut self, p: usize, about: RecordRef, to: Uuid) -> anyhow::Result<()> {
        let message = *self.dice.pick(data::THANKS);
        let live = self.live(p)?;
        let sender = data::PEOPLE.iter().enumerate().find_map(|(i, (_, _, _, org))| {
            let org = self.organizations[(*org)?];
            (live.members.contains(&org) && org != to).then_some((self.people[i], org))
        });
        let (by, from_organization_id, mine) = match sender {
            Some((user, org)) => (user, Some(org), vec![org]),
            None => (self.coordinator, None, Vec::new()),
        };
        let draft = KudosDraft {
            partnership_id: Some(live.id),
            from_organization_id,
            to_user_id: None,
            to_organization_id: Some(to),
            message: message.into(),
            about: Some(about),
        };
        let valid = draft.validate(&mine).map_err(|e| anyhow!("kudos: {e}"))?;
        self.store().create_kudos(self.ws, Some(live.id), &valid, by).await?;
        Ok(())
    }

    async fn raise_concern(&mut self, day: NaiveDate, c: usize) -> anyhow::Result<()> {
        let spec = &data::CONCERNS[c];
        let live = self.live(spec.partnership)?;
        let draft = ConcernDraft {
            partnership_id: live.id,
            organization_id: spec.about.map(|org| self.organizations[org]),
            title: spec.title.into(),
            description: spec.description.into(),
            severity: spec.severity.into(),
            visibility: Some(if spec.private { "private" } else { "shared" }.into()),
            acknowledge_by: None,
        };
        let valid = draft.validate(&live.members, day).map_err(|e| anyhow!("{}: {e}", spec.title))?;
        let concern = self.store().create_concern(self.ws, &valid, self.people[spec.author]).await?;
        if let Some((after, _, _)) = spec.steps.first() {
            self.at(day + Duration::days(*after), Happening::MoveConcern { concern: c, id: concern.id, step: 0 });
        }
        Ok(())
    }

    async fn move_concern(&mut self, c: usize, id: Uuid, step: usize) -> anyhow::Result<()> {
        let spec = &data::CONCERNS[c];
        let (_, to, note) = spec.steps[step];
        let note = (!note.is_empty()).then(|| note.to_owned());
        let draft = ConcernTransitionDraft {
            to: to.into(),
            note: if to == "resolved" { None } else { note.clone() },
            mediator_user_id: (to == "in_mediation").then(|| self.people[data::MEDIATOR]),
            resolution: if to == "resolved" { note } else { None },
        };
        let valid = draft.validate().map_err(|e| anyhow!("{}: {e}", spec.title))?;
        // The author withdraws; the coordinator answers and records the rest.
        let by = if to == "withdrawn" { self.people[spec.author] } else { self.coordinator };
        self.store().transition_concern(self.ws, id, &valid, None, by).await?;
        if let Some((after, _, _)) = spec.steps.get(step + 1) {
            let raised = self.today - Duration::days(spec.raised_days_ago);
            self.at(raised + Duration::days(*after), Happening::MoveConcern { concern: c, id, step: step + 1 });
        }
        Ok(())
    }

    async fn retrospective(&mut self, day: NaiveDate, r: usize) -> anyhow::Result<()> {
        let spec = &data::RETROSPECTIVES[r];
        let live = self.live(spec.partnership)?;
        let (id, members) = (live.id, live.members.clone());
        let milestone_id = (spec.trigger == "milestone").then(|| live.milestones.first().map(|m| m.id)).flatten();
        let draft =
            RetrospectiveDraft { title: spec.title.into(), trigger: spec.trigger.into(), milestone_id, held_on: day };
        let valid = draft.validate(day).map_err(|e| anyhow!("{}: {e}", spec.title))?;
        let retro = self.store().create_retrospective(self.ws, id, &valid, self.coordinator).await?;
        for (kind, text, anonymous, author) in spec.items {
            let follow_up = *kind == "follow_up";
            let draft = RetrospectiveItemDraft {
                kind: kind.to_string(),
                text: text.to_string(),
                anonymous: *anonymous,
                promisor_organization_id: follow_up.then_some(members[0]),
                due_on: follow_up.then(|| day + Duration::days(21)),
            };
            let valid = draft.validate(&members, day).map_err(|e| anyhow!("{}: {e}", spec.title))?;
            let item = self.store().add_retrospective_item(self.ws, retro.id, &valid, self.people[*author]).await?;
            if let Some(commitment) = item.commitment_id {
                self.at(
                    day + Duration::days(18),
                    Happening::Resolve {
                        partnership: spec.partnership,
                        commitment,
                        promisor: members[0],
                        fate: Fate::KeptOnTime,
                    },
                );
            }
        }
        Ok(())
    }

    // ----- surveys ----------------------------------------------------------------------------

    /// Sends a pulse of the whole network, as a coordinator does: every person with a login who
    /// belongs to an organisation asked is invited; people without one get single-use links.
    async fn open_survey(&mut self, day: NaiveDate, wave: usize) -> anyhow::Result<()> {
        let season = match day.month() {
            3..=5 => "spring",
            6..=8 => "summer",
            9..=11 => "autumn",
            _ => "winter",
        };
        let draft = SurveyDraft {
            title: Some(format!("Network pulse, {season} {}", day.year())),
            opens_on: day,
            closes_on: day + Duration::days(WAVE_DAYS),
            ..SurveyDraft::default()
        };
        let valid = draft.validate(day).map_err(|e| anyhow!("survey: {e}"))?;
        let mut scope = self.store().survey_scope(self.ws, None).await?;
        scope.sort();
        let invitees = rapport_core::survey::invitees(&self.store().members(self.ws).await?, &scope);
        let sent = SurveyToSend { survey: valid, organization_ids: scope, invitees };
        let survey = self.store().create_survey(self.ws, &sent, Some(self.coordinator)).await?;
        debug_assert_eq!(self.surveys.len(), wave);
        self.surveys.push(survey);
        Ok(())
    }

    /// Something waiting today: a pulse of the first running partnership that has people with
    /// accounts (the liaison's), open for two weeks, so a demo login has a survey to answer.
    async fn open_todays_pulse(&mut self) -> anyhow::Result<()> {
        let day = self.today;
        let members = self.store().members(self.ws).await?;
        let Some(live) = self.live.iter().flatten().find(|l| {
            l.status == "active" && members.iter().any(|m| m.organizations.iter().any(|o| l.members.contains(o)))
        }) else {
            return Ok(());
        };
        let draft = SurveyDraft {
            title: Some("Partnership pulse".into()),
            partnership_id: Some(live.id),
            opens_on: day,
            closes_on: day + Duration::days(14),
            ..SurveyDraft::default()
        };
        let valid = draft.validate(day).map_err(|e| anyhow!("survey: {e}"))?;
        let scope = self.store().survey_scope(self.ws, Some(live.id)).await?;
        let invitees = rapport_core::survey::invitees(&members, &scope);
        let sent = SurveyToSend { survey: valid, organization_ids: scope, invitees };
        self.store().create_survey(self.ws, &sent, Some(self.coordinator)).await?;
        Ok(())
    }

    /// The contacts reached in the last month have a line in their log.
    async fn log_recent_contacts(&mut self) -> anyhow::Result<()> {
        for org in self.organizations.clone() {
            for contact in self.store().contacts(self.ws, org).await? {
                let Some(last) = contact.last_contacted_on.filter(|d| (self.today - *d).num_days() <= 30) else {
                    continue;
                };
                let note = *self.dice.pick(data::CONTACT_NOTES);
                let valid = rapport_core::records::ContactNoteDraft { noted_on: Some(last), note: note.into() }
                    .validate(self.today)
                    .map_err(|e| anyhow!("contact note: {e}"))?;
                self.store().log_contact(self.ws, contact.id, &valid, Some(self.coordinator)).await?;
            }
        }
        Ok(())
    }

    /// Everyone asked answers: enough people per organisation that every group passes the
    /// anonymity thresholds. Answers go through the same validation and store call as the API.
    async fn answer_survey(&mut self, wave: usize) -> anyhow::Result<()> {
        let survey = self.surveys[wave].clone();
        let ws = self.ws;
        let accounts: Vec<(Uuid, Vec<Uuid>)> =
            self.store().members(ws).await?.into_iter().map(|m| (m.user_id, m.organizations)).collect();
        for (index, org) in self.organizations.clone().into_iter().enumerate() {
            if !survey.organization_ids.contains(&org) {
                continue;
            }
            let partners: Vec<Uuid> =
                self.store().survey_partners(ws, &survey, org).await?.into_iter().map(|(id, _)| id).collect();
            if partners.is_empty() {
                continue;
            }
            let wanted = match data::ORGANIZATIONS[index].kind {
                "school" | "district" => 5,
                _ => 3,
            };
            let mut invitations: Vec<SurveyInvitation> = Vec::new();
            for (user, _) in accounts.iter().filter(|(_, orgs)| orgs.contains(&org)) {
                if let Some(invitation) = self.store().survey_invitation_of(ws, survey.id, *user).await? {
                    invitations.push(invitation);
                }
            }
            while invitations.len() < wanted {
                let token_hash = rapport_app::credentials::digest(&rapport_app::credentials::new_secret());
                self.store().add_survey_link(ws, survey.id, org, &token_hash, self.coordinator).await?;
                invitations.push(self.store().survey_invitation_by_token(&token_hash).await?);
            }
            for invitation in invitations {
                let draft = self.response(wave, org, &partners);
                let answers =
                    draft.validate(&survey.questions, &partners).map_err(|e| anyhow!("survey answer: {e}"))?;
                self.store().record_response(&invitation, &answers).await?;
            }
        }
        Ok(())
    }

    /// How much `a` and `b` trust each other in a wave: the mean over the partnerships they share.
    fn pair_trust(&self, wave: usize, a: Uuid, b: Uuid) -> f64 {
        let shared: Vec<f64> = PARTNERSHIPS
            .iter()
            .zip(&self.live)
            .filter_map(|(spec, live)| {
                live.as_ref().filter(|l| l.members.contains(&a) && l.members.contains(&b)).map(|_| spec.trust[wave])
            })
            .collect();
        if shared.is_empty() { 2.8 } else { shared.iter().sum::<f64>() / shared.len() as f64 }
    }

    fn response(&mut self, wave: usize, org: Uuid, partners: &[Uuid]) -> ResponseDraft {
        let mut answers = Vec::new();
        let mut overall = 0.0;
        for partner in partners {
            let level = self.pair_trust(wave, org, *partner);
            overall += level;
            for (key, bias) in [
                ("follows_through", 0.0),
                ("shared_mission", 0.1),
                ("open_to_discussion", -0.1),
                ("power_and_influence", -0.3),
                ("level_of_involvement", -0.1),
                ("resource_contribution", -0.2),
            ] {
                let noise = (self.dice.below(9) as f64 - 4.0) / 8.0;
                let rating = (level + bias + noise).round().clamp(1.0, 4.0) as i32;
                answers.push(AnswerDraft {
                    question: key.into(),
                    about: Some(*partner),
                    rating: Some(rating),
                    ..AnswerDraft::default()
                });
            }
        }
        let mood = overall / partners.len().max(1) as f64 * 1.25;
        for key in ["communication", "shared_goals", "satisfaction"] {
            let noise = (self.dice.below(9) as f64 - 4.0) / 6.0;
            answers.push(AnswerDraft {
                question: key.into(),
                rating: Some((mood + noise).round().clamp(1.0, 5.0) as i32),
                ..AnswerDraft::default()
            });
        }
        let rhythm = if self.dice.chance(20) {
            "Too rarely"
        } else if self.dice.chance(8) {
            "Too often"
        } else {
            "About right"
        };
        answers.push(AnswerDraft {
            question: "check_in_rhythm".into(),
            choices: vec![rhythm.into()],
            ..AnswerDraft::default()
        });
        let helped = ["Regular check-ins", "Promises kept", "Sharing data", "Celebrating wins", "Honest conversations"];
        let first = self.dice.below(helped.len() as u64) as usize;
        let mut choices = vec![helped[first].to_owned()];
        if self.dice.chance(50) {
            choices.push(helped[(first + 1 + self.dice.below(4) as usize) % helped.len()].to_owned());
        }
        answers.push(AnswerDraft { question: "helped_most".into(), choices, ..AnswerDraft::default() });
        if self.dice.chance(35) {
            answers.push(AnswerDraft {
                question: "comment".into(),
                text: Some(self.dice.pick(data::COMMENTS).to_string()),
                ..AnswerDraft::default()
            });
        }
        ResponseDraft { answers }
    }
}

fn partnership_draft(spec: &PartnershipSpec, members: &[Uuid], status: &str, vision: &str) -> PartnershipDraft {
    PartnershipDraft {
        name: spec.name.into(),
        kind: spec.kind.into(),
        status: status.into(),
        cadence: spec.cadence.into(),
        vision: Some(vision.into()),
        members: spec
            .members
            .iter()
            .zip(members)
            .map(|((_, role), id)| MemberDraft { organization_id: *id, role: Some(role.to_string()) })
            .collect(),
        started_on: None,
    }
}
