//! `rapport demo`: a server on a fresh database holding a small hand-made network with six
//! months of history, so every page has something true to show.
//!
//! History is written through the store with its clock set to the day each thing happened, so
//! records carry the dates they would carry had people typed them in on the day.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use anyhow::Context;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rapport_core::Role;
use rapport_core::records::{CheckInDraft, CommitmentDraft, ContactDraft, GoalDraft, MemberDraft, MilestoneDraft, OrganizationDraft, PartnershipDraft};
use rapport_store::Store;
use uuid::Uuid;

pub const DEMO_PASSWORD: &str = "rapport-demo";
pub const COORDINATOR_EMAIL: &str = "coordinator@rapport.demo";

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
    eprint!("Building the demo network…");
    fill(&store).await.context("could not build the demo network")?;
    eprintln!(" ready in {:.1} s.", started.elapsed().as_secs_f64());
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
        let store = store.clone().with_clock(Arc::new(move || DateTime::from_timestamp(clock.load(Ordering::Relaxed), 0).unwrap_or_default()));
        TimeMachine { store, now }
    }

    /// Moves to mid-morning of `day`.
    fn go_to(&self, day: NaiveDate) {
        let moment = day.and_hms_opt(10, 0, 0).unwrap_or_default().and_utc();
        self.now.store(moment.timestamp(), Ordering::Relaxed);
    }
}

/// A tiny deterministic generator, so every demo tells the same story.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

struct OrgSpec {
    name: &'static str,
    kind: &'static str,
    mission: &'static str,
    focus: &'static [&'static str],
    contact: (&'static str, &'static str, i64),
}

const ORGANIZATIONS: &[OrgSpec] = &[
    OrgSpec { name: "Riverside Elementary School", kind: "school", mission: "Every child reading, counting and belonging by the end of fifth grade.", focus: &["literacy", "family engagement", "attendance"], contact: ("Maria Lopez", "Family engagement lead", 12) },
    OrgSpec { name: "Northgate Middle School", kind: "school", mission: "A safe, demanding middle school where every student has an adult who knows them.", focus: &["STEM", "mentoring", "transitions"], contact: ("James Okafor", "Assistant principal", 40) },
    OrgSpec { name: "Riverside Unified District Office", kind: "district", mission: "Supporting schools to partner with their communities.", focus: &["teacher pipeline", "community schools"], contact: ("Dana Whitfield", "Community schools director", 20) },
    OrgSpec { name: "Eastside Public Library", kind: "library", mission: "Free access to books, learning and each other.", focus: &["literacy", "family engagement", "digital skills"], contact: ("Sam Chen", "Youth services librarian", 8) },
    OrgSpec { name: "Harbor Food Bank", kind: "nonprofit", mission: "No family in the harbor district goes hungry.", focus: &["food security", "family engagement"], contact: ("Alicia Moreno", "School programs manager", 95) },
    OrgSpec { name: "State University College of Education", kind: "higher_education", mission: "Preparing teachers who stay, grow and lead in our region's schools.", focus: &["teacher pipeline", "research", "mentoring"], contact: ("Dr. Priya Raman", "Director of clinical practice", 30) },
    OrgSpec { name: "Riverside Parents Circle", kind: "family_group", mission: "Parents helping parents take part in their children's schooling.", focus: &["family engagement", "attendance"], contact: ("Tomasz Nowak", "Chair", 15) },
    OrgSpec { name: "Brightside Tech", kind: "business", mission: "Software for small clinics; volunteering in local STEM education.", focus: &["STEM", "mentoring"], contact: ("Grace Ito", "Community lead", 60) },
];

struct PartnershipSpec {
    name: &'static str,
    kind: &'static str,
    status: &'static str,
    cadence: &'static str,
    vision: &'static str,
    /// Indexes into ORGANIZATIONS with each member's role.
    members: &'static [(usize, &'static str)],
    /// How many days ago it started.
    age_days: i64,
    /// Percent chance a scheduled check-in is skipped; recent_slip makes the last two months worse.
    skip_percent: u64,
    recent_slip: bool,
    /// Percent of commitments kept on time, late, and missed; the rest are renegotiated or cancelled.
    kept: u64,
    late: u64,
    missed: u64,
    actions: &'static [&'static str],
    goal: (&'static str, &'static str, &'static str, f64, f64, f64),
    milestones: &'static [&'static str],
    /// A milestone met in the last fortnight, which nobody has thanked anyone for yet.
    recent_win: Option<&'static str>,
}

const PARTNERSHIPS: &[PartnershipSpec] = &[
    PartnershipSpec {
        name: "Family Reading Nights",
        kind: "school_community",
        status: "active",
        cadence: "fortnightly",
        vision: "Families and school read together: every Riverside family knows the library and feels welcome at school.",
        members: &[(0, "Lead school"), (3, "Venue and books"), (6, "Family outreach")],
        age_days: 200,
        skip_percent: 10,
        recent_slip: false,
        kept: 80,
        late: 10,
        missed: 4,
        actions: &["Send the reading night flyer home in three languages", "Book the library hall for the next reading night", "Prepare take-home book bags", "Recruit two parent volunteers for the welcome desk", "Share attendance numbers with the partnership", "Arrange a bilingual storyteller"],
        goal: ("Raise the share of families attending at least one reading night", "families attending", "%", 18.0, 40.0, 31.0),
        milestones: &["First reading night held", "Library card sign-up drive", "Spring reading celebration"],
        recent_win: None,
    },
    PartnershipSpec {
        name: "Teacher Residency Pipeline",
        kind: "higher_ed_k12",
        status: "active",
        cadence: "monthly",
        vision: "Residents learn to teach beside our best teachers and choose to stay in Riverside schools.",
        members: &[(5, "Residency provider"), (1, "Host school"), (2, "Funding and hiring")],
        age_days: 180,
        skip_percent: 5,
        recent_slip: false,
        kept: 70,
        late: 15,
        missed: 8,
        actions: &["Match residents with mentor teachers", "Send the mentor stipend schedule", "Observe each resident's lesson and give feedback", "Share the hiring calendar with residents", "Collect mid-year resident survey"],
        goal: ("Keep residents in district schools after their first year", "residents hired", "residents", 0.0, 8.0, 3.0),
        milestones: &["Residents placed with mentors", "Mid-year review", "Hiring fair"],
        recent_win: None,
    },
    PartnershipSpec {
        name: "Weekend Food Backpacks",
        kind: "school_community",
        status: "active",
        cadence: "weekly",
        vision: "No Riverside student starts Monday hungry.",
        members: &[(4, "Food supplier"), (0, "Distribution at school")],
        age_days: 170,
        skip_percent: 15,
        recent_slip: true,
        kept: 55,
        late: 15,
        missed: 25,
        actions: &["Deliver Friday backpacks to the front office", "Update the list of enrolled families", "Confirm volunteer packers for Thursday", "Report backpacks distributed this month"],
        goal: ("Reach every family that asked for weekend food", "families served", "families", 40.0, 120.0, 85.0),
        milestones: &["Cold storage installed", "Winter break boxes delivered"],
        recent_win: None,
    },
    PartnershipSpec {
        name: "Middle School Transition",
        kind: "inter_school",
        status: "renewing",
        cadence: "quarterly",
        vision: "Fifth graders arrive at Northgate already knowing the building and one adult.",
        members: &[(0, "Sending school"), (1, "Receiving school")],
        age_days: 190,
        skip_percent: 0,
        recent_slip: false,
        kept: 85,
        late: 10,
        missed: 0,
        actions: &["Schedule the fifth-grade visit day", "Share transition profiles of incoming students", "Pair each incoming student with an eighth-grade buddy"],
        goal: ("Every fifth grader visits Northgate before summer", "students visiting", "%", 0.0, 100.0, 60.0),
        milestones: &["Visit day held", "Buddy pairs assigned"],
        recent_win: Some("Transition evening for families held"),
    },
    PartnershipSpec {
        name: "STEM Mentors",
        kind: "school_community",
        status: "exploring",
        cadence: "monthly",
        vision: "Working engineers meet Northgate students every month to build things together.",
        members: &[(1, "Host school"), (7, "Volunteer mentors")],
        age_days: 45,
        skip_percent: 0,
        recent_slip: false,
        kept: 75,
        late: 25,
        missed: 0,
        actions: &["Draft the mentor background-check process", "Propose three project ideas for the pilot"],
        goal: ("Run a four-session robotics pilot", "sessions held", "sessions", 0.0, 4.0, 0.0),
        milestones: &["Mentors cleared to volunteer"],
        recent_win: None,
    },
];

/// What the demo does on a given day.
enum Happening {
    CheckIn { partnership: usize },
    Resolve { partnership: usize, commitment: Uuid, fate: Fate },
}

#[derive(Clone, Copy)]
enum Fate {
    KeptOnTime,
    KeptLate,
    Missed,
    Renegotiated,
    Cancelled,
}

async fn fill(store: &Store) -> anyhow::Result<()> {
    let today = Utc::now().date_naive();
    let machine = TimeMachine::new(store);
    let start = today - Duration::days(PARTNERSHIPS.iter().map(|p| p.age_days).max().unwrap_or(0) + 10);
    machine.go_to(start);
    let store = &machine.store;

    let coordinator = crate::cli::create_user(store, COORDINATOR_EMAIL, "Rosa Delgado", DEMO_PASSWORD, true).await?;
    let liaison = crate::cli::create_user(store, "liaison@rapport.demo", "Sam Chen", DEMO_PASSWORD, false).await?;
    let funder = crate::cli::create_user(store, "funder@rapport.demo", "Evelyn Park", DEMO_PASSWORD, false).await?;
    let workspace = store.create_workspace("Riverside Community Partnerships", coordinator.id).await?;
    let ws = workspace.id;

    let mut organizations = Vec::new();
    for spec in ORGANIZATIONS {
        let draft = OrganizationDraft {
            name: spec.name.into(),
            kind: spec.kind.into(),
            mission: Some(spec.mission.into()),
            focus_areas: spec.focus.iter().map(|f| f.to_string()).collect(),
            website: None,
        };
        let valid = draft.validate().map_err(|e| anyhow::anyhow!("{}: {e}", spec.name))?;
        let org = store.create_organization(ws, &valid).await?;
        let (name, role, days_ago) = spec.contact;
        let contact = ContactDraft {
            name: name.into(),
            role: Some(role.into()),
            email: Some(format!("{}@example.org", name.to_lowercase().replace(['.', ' '], ""))),
            phone: None,
            last_contacted_on: Some(today - Duration::days(days_ago)),
            follow_up_days: Some(30),
        };
        store.create_contact(ws, org.id, &contact).await?;
        organizations.push(org.id);
    }
    store.set_member(ws, liaison.id, Role::Member).await?;
    store.set_member_organizations(ws, liaison.id, &[organizations[3]]).await?;
    store.set_member(ws, funder.id, Role::Observer).await?;

    let mut dice = Dice(0x5EED_2026);
    let mut agenda: Vec<(NaiveDate, Happening)> = Vec::new();
    let mut partnerships = Vec::new();
    for (index, spec) in PARTNERSHIPS.iter().enumerate() {
        let began = today - Duration::days(spec.age_days);
        machine.go_to(began);
        let draft = PartnershipDraft {
            name: spec.name.into(),
            kind: spec.kind.into(),
            status: spec.status.into(),
            cadence: spec.cadence.into(),
            vision: Some(spec.vision.into()),
            members: spec.members.iter().map(|(org, role)| MemberDraft { organization_id: organizations[*org], role: Some(role.to_string()) }).collect(),
        };
        let valid = draft.validate().map_err(|e| anyhow::anyhow!("{}: {e}", spec.name))?;
        let partnership = store.create_partnership(ws, &valid, Some(coordinator.id)).await?;
        partnerships.push(partnership);

        let cadence: rapport_core::kinds::Cadence = spec.cadence.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
        let step = cadence.days().round() as i64;
        let mut day = began + Duration::days(3);
        while day < today {
            let slipping = spec.recent_slip && (today - day).num_days() < 60;
            let skip = if slipping { 85 } else { spec.skip_percent };
            if !dice.chance(skip) {
                agenda.push((day, Happening::CheckIn { partnership: index }));
            }
            day += Duration::days(step);
        }
    }

    // Goals and milestones, set up in each partnership's first week.
    for (index, spec) in PARTNERSHIPS.iter().enumerate() {
        let partnership = &partnerships[index];
        machine.go_to(today - Duration::days(spec.age_days) + Duration::days(5));
        let (statement, metric, unit, baseline, target, current) = spec.goal;
        let lead = organizations[spec.members[0].0];
        let goal = GoalDraft {
            statement: statement.into(),
            metric: Some(metric.into()),
            unit: Some(unit.into()),
            baseline: Some(baseline),
            target: Some(target),
            current: Some(baseline),
            owner_organization_id: Some(lead),
            relevance: Some(spec.vision.into()),
            due_on: Some(today + Duration::days(120)),
        };
        let goal = store.create_goal(ws, partnership.id, &goal).await?;
        let span = spec.age_days + 120;
        for (n, title) in spec.milestones.iter().enumerate() {
            let due_on = today - Duration::days(spec.age_days) + Duration::days(span * (n as i64 + 1) / (spec.milestones.len() as i64 + 1));
            let met_on = (due_on < today).then(|| due_on + Duration::days(dice.below(10) as i64 - 4)).filter(|_| !dice.chance(20));
            let met_on = met_on.filter(|met| *met <= today);
            store.create_milestone(ws, &goal, &MilestoneDraft { title: title.to_string(), due_on, met_on }).await?;
        }
        if let Some(title) = spec.recent_win {
            let draft = MilestoneDraft { title: title.into(), due_on: today - Duration::days(12), met_on: Some(today - Duration::days(10)) };
            store.create_milestone(ws, &goal, &draft).await?;
        }
        let steps = 3;
        for step in 1..=steps {
            machine.go_to(today - Duration::days(spec.age_days * (steps - step) / steps + 2));
            let value = baseline + (current - baseline) * step as f64 / steps as f64;
            let confidence = if spec.missed >= 20 && step == steps { rapport_core::kinds::Confidence::AtRisk } else { rapport_core::kinds::Confidence::OnTrack };
            let comment = match confidence {
                rapport_core::kinds::Confidence::OnTrack => "Steady progress; numbers from the last check-in.",
                _ => "Deliveries slipped this month; we need to talk about volunteer capacity.",
            };
            store.add_goal_update(ws, goal.id, Some(value), confidence, Some(comment.into()), Some(coordinator.id)).await?;
        }
    }

    // Walk the days in order: check-ins make commitments, whose fates come later.
    let mut cursor = start;
    let mut action_counter = 0usize;
    while cursor <= today {
        agenda.sort_by_key(|(day, _)| *day);
        let due_now: Vec<Happening> = {
            let (now, later): (Vec<_>, Vec<_>) = std::mem::take(&mut agenda).into_iter().partition(|(day, _)| *day == cursor);
            agenda = later;
            now.into_iter().map(|(_, happening)| happening).collect()
        };
        machine.go_to(cursor);
        for happening in due_now {
            match happening {
                Happening::CheckIn { partnership } => {
                    let spec = &PARTNERSHIPS[partnership];
                    let members: Vec<Uuid> = spec.members.iter().map(|(org, _)| organizations[*org]).collect();
                    // Someone is sometimes absent; the last member is the quiet one in slipping partnerships.
                    let attendees: Vec<Uuid> = members.iter().enumerate().filter(|(i, _)| !(spec.recent_slip && *i == members.len() - 1) && !dice.chance(10)).map(|(_, id)| *id).collect();
                    let mut action_items = Vec::new();
                    for _ in 0..1 + dice.below(2) {
                        let promisor = members[dice.below(members.len() as u64) as usize];
                        let promisee = members.iter().copied().find(|m| *m != promisor);
                        let description = spec.actions[action_counter % spec.actions.len()];
                        action_counter += 1;
                        action_items.push(CommitmentDraft {
                            promisor_organization_id: promisor,
                            promisor_user_id: None,
                            promisee_organization_id: if dice.chance(30) { None } else { promisee },
                            description: description.into(),
                            due_on: cursor + Duration::days(10 + dice.below(21) as i64),
                        });
                    }
                    let draft = CheckInDraft {
                        held_on: cursor,
                        agenda: Some("Review open commitments; progress on our goal; what's next".into()),
                        notes: Some(format!("{} partners joined. We went through open commitments and the goal numbers.", attendees.len())),
                        decisions: Some("Keep the current plan; follow up by e-mail on anything blocked.".into()),
                        attendee_organization_ids: attendees,
                        attendee_user_ids: vec![coordinator.id],
                        action_items: action_items.clone(),
                    };
                    let checkin = store.create_checkin(ws, partnerships[partnership].id, &draft, Some(coordinator.id)).await?;
                    for (id, item) in checkin.action_item_ids.iter().zip(&action_items) {
                        let roll = dice.below(100);
                        let (fate, when) = if roll < spec.kept {
                            (Fate::KeptOnTime, item.due_on - Duration::days(dice.below(8) as i64))
                        } else if roll < spec.kept + spec.late {
                            (Fate::KeptLate, item.due_on + Duration::days(1 + dice.below(12) as i64))
                        } else if roll < spec.kept + spec.late + spec.missed {
                            (Fate::Missed, item.due_on)
                        } else if dice.chance(60) {
                            (Fate::Renegotiated, item.due_on - Duration::days(2))
                        } else {
                            (Fate::Cancelled, cursor + Duration::days(4))
                        };
                        let when = when.max(cursor);
                        if when <= today {
                            agenda.push((when, Happening::Resolve { partnership, commitment: *id, fate }));
                        }
                    }
                }
                Happening::Resolve { partnership, commitment, fate } => {
                    let id = commitment;
                    match fate {
                        Fate::KeptOnTime | Fate::KeptLate => {
                            store.complete_commitment(ws, id, cursor, None, Some(coordinator.id)).await?;
                        }
                        Fate::Missed => {}
                        Fate::Renegotiated => {
                            let current = store.commitment(ws, id).await?;
                            let new_due = current.due_on + Duration::days(14);
                            store.renegotiate_commitment(ws, id, new_due, "The venue moved our date; agreed at the check-in.", None, Some(coordinator.id)).await?;
                            let done = new_due - Duration::days(1);
                            if done <= today {
                                agenda.push((done, Happening::Resolve { partnership, commitment: id, fate: Fate::KeptOnTime }));
                            }
                        }
                        Fate::Cancelled => {
                            store.cancel_commitment(ws, id, "No longer needed after the plan changed.", None, Some(coordinator.id)).await?;
                        }
                    }
                }
            }
        }
        cursor += Duration::days(1);
    }
    Ok(())
}
