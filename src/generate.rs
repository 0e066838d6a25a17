//! `rapport generate`: a large synthetic network for benchmarks and trying Rapport at scale,
//! deterministic from a seed. Records are written in bulk, one transaction per batch of
//! partnerships; then every score is recomputed from them, as `rapport recompute` would.

use chrono::{Duration, NaiveDate};
use clap::ValueEnum;
use rapport_core::kinds::{Cadence, OrganizationKind, PartnershipKind, PartnershipStatus};
use rapport_core::survey::{Question, QuestionKind, StoredAnswer, pulse_template};
use rapport_store::{
    GeneratedBatch, GeneratedCheckIn, GeneratedCommitment, GeneratedOrganization, GeneratedPartnership,
    GeneratedSurvey, Store,
};
use uuid::Uuid;

use crate::dice::Dice;
use crate::progress::Progress;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Size {
    Small,
    Medium,
    /// SPEC 9's scale target.
    Large,
}

/// How much of everything a size holds.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub organizations: usize,
    pub partnerships: usize,
    pub commitments: usize,
    pub checkins: usize,
    pub survey_answers: usize,
}

impl Size {
    pub fn scale(self) -> Scale {
        match self {
            Size::Small => Scale {
                organizations: 100,
                partnerships: 400,
                commitments: 20_000,
                checkins: 4_000,
                survey_answers: 40_000,
            },
            Size::Medium => Scale {
                organizations: 1_000,
                partnerships: 4_000,
                commitments: 200_000,
                checkins: 40_000,
                survey_answers: 400_000,
            },
            Size::Large => Scale {
                organizations: 5_000,
                partnerships: 20_000,
                commitments: 1_000_000,
                checkins: 200_000,
                survey_answers: 2_000_000,
            },
        }
    }
}

/// Who can sign in to the generated workspace.
pub const OWNER_EMAIL: &str = "owner@generated.rapport.example";
pub const OWNER_PASSWORD: &str = "rapport-generated";

/// History reaches this many days back from today.
const HISTORY_DAYS: u64 = 540;
/// Partnerships written per transaction.
const PARTNERSHIPS_PER_BATCH: usize = 250;

const FOCUS_AREAS: &[&str] = &[
    "literacy",
    "numeracy",
    "family engagement",
    "attendance",
    "college access",
    "mental health",
    "nutrition",
    "arts",
    "STEM",
    "early childhood",
    "workforce",
    "mentoring",
    "digital skills",
    "newcomer families",
    "after-school",
];
const MISSION_WORDS: &[&str] = &[
    "children",
    "families",
    "reading",
    "learning",
    "community",
    "health",
    "careers",
    "neighbourhood",
    "youth",
    "teachers",
    "science",
    "belonging",
];

pub async fn run(store: &Store, size: Size, seed: u64) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let scale = size.scale();
    let owner = match store.user_by_email(OWNER_EMAIL).await? {
        Some((user, _)) => user,
        None => crate::cli::create_user(store, OWNER_EMAIL, "Generated Owner", OWNER_PASSWORD, true).await?,
    };
    let workspace = store.create_workspace(&format!("Generated network ({size:?}, seed {seed})"), owner.id).await?;
    let today = store.today();
    let mut dice = Dice::new(seed);
    let progress = Progress::new(format!("Generating a {} network", format!("{size:?}").to_lowercase()));
    let total =
        (scale.organizations + scale.partnerships + scale.commitments + scale.checkins + scale.survey_answers) as u64;
    let mut done = 0u64;

    let organizations: Vec<GeneratedOrganization> =
        (0..scale.organizations).map(|n| organization(&mut dice, n, today)).collect();
    let ids: Vec<Uuid> = organizations.iter().map(|o| o.id).collect();
    let focus: Vec<Vec<String>> = organizations.iter().map(|o| o.focus_areas.clone()).collect();
    done += organizations.len() as u64;
    store.write_generated(workspace.id, GeneratedBatch { organizations, ..Default::default() }).await?;
    progress.update(done, total);

    let questions = pulse_template();
    for first in (0..scale.partnerships).step_by(PARTNERSHIPS_PER_BATCH) {
        let mut batch = GeneratedBatch::default();
        for n in first..(first + PARTNERSHIPS_PER_BATCH).min(scale.partnerships) {
            let partnership = partnership(&mut dice, n, &ids, &focus, today);
            // Spread the totals evenly, the remainder over the first partnerships.
            let share = |total: usize| total / scale.partnerships + usize::from(n < total % scale.partnerships);
            batch
                .commitments
                .extend((0..share(scale.commitments)).map(|i| commitment(&mut dice, &partnership, i, today)));
            batch.checkins.extend((0..share(scale.checkins)).map(|_| checkin(&mut dice, &partnership, today)));
            batch.surveys.push(survey(&mut dice, &partnership, &questions, share(scale.survey_answers), today));
            batch.partnerships.push(partnership);
        }
        done += batch.len() as u64;
        store.write_generated(workspace.id, batch).await?;
        progress.update(done, total);
    }
    progress.finish();

    // The planner needs to know the tables' new sizes to pick the partnership indexes.
    store.refresh_statistics().await?;
    let recompute = Progress::new("Recomputing trust");
    let summary = store.recompute_trust(workspace.id, &|n, all| recompute.update(n, all)).await?;
    recompute.finish();
    let measuring = Progress::new("Measuring the network");
    let network_started = std::time::Instant::now();
    rapport_app::App::new(store.clone()).refresh_network(workspace.id).await?;
    measuring.update(1, 1);
    measuring.finish();
    println!(
        "Measured the network (ties, every measure and the layout) in {:.1} s.",
        network_started.elapsed().as_secs_f64()
    );
    println!(
        "Generated {} organisations, {} partnerships, {} commitments, {} check-ins and {} survey answers in {:.1} s ({} reliability entries).",
        scale.organizations,
        scale.partnerships,
        summary.commitments,
        scale.checkins,
        scale.survey_answers,
        started.elapsed().as_secs_f64(),
        summary.ledger_entries
    );
    println!("Sign in as {OWNER_EMAIL} / {OWNER_PASSWORD}; the workspace is {}.", workspace.id);
    Ok(())
}

fn day_in_history(dice: &mut Dice, today: NaiveDate) -> NaiveDate {
    today - dice.days(HISTORY_DAYS)
}

fn organization(dice: &mut Dice, n: usize, today: NaiveDate) -> GeneratedOrganization {
    let kind = *dice.pick(OrganizationKind::ALL);
    let focus_areas: Vec<String> = {
        let mut areas: Vec<String> = (0..1 + dice.below(3)).map(|_| dice.pick(FOCUS_AREAS).to_string()).collect();
        areas.sort();
        areas.dedup();
        areas
    };
    let mission =
        format!("{} and {} for every {}", dice.pick(MISSION_WORDS), dice.pick(MISSION_WORDS), dice.pick(MISSION_WORDS));
    GeneratedOrganization {
        id: Uuid::now_v7(),
        name: format!("{} {}", kind.label(), n + 1),
        kind,
        mission: Some(mission),
        focus_areas,
        created_at: (today - Duration::days(HISTORY_DAYS as i64 + 30))
            .and_hms_opt(9, 0, 0)
            .unwrap_or_default()
            .and_utc(),
    }
}

/// Two to four members; most partnerships gather organisations that share a focus area, as
/// real ones do, so the network has clusters and brokers rather than uniform noise.
fn partnership(
    dice: &mut Dice,
    n: usize,
    organizations: &[Uuid],
    focus: &[Vec<String>],
    today: NaiveDate,
) -> GeneratedPartnership {
    let size = 2 + dice.below(3) as usize;
    let first = dice.below(organizations.len() as u64) as usize;
    let mut members = vec![organizations[first]];
    let mut tries = 0;
    while members.len() < size && tries < 40 {
        tries += 1;
        let candidate = dice.below(organizations.len() as u64) as usize;
        let related = focus[candidate].iter().any(|f| focus[first].contains(f)) || dice.chance(30);
        if related && !members.contains(&organizations[candidate]) {
            members.push(organizations[candidate]);
        }
    }
    if members.len() < 2 {
        let other = organizations[(first + 1) % organizations.len()];
        members.push(other);
    }
    let status = if dice.chance(80) { PartnershipStatus::Active } else { *dice.pick(PartnershipStatus::ALL) };
    GeneratedPartnership {
        id: Uuid::now_v7(),
        name: format!("Partnership {}", n + 1),
        kind: *dice.pick(PartnershipKind::ALL),
        status,
        cadence: *dice.pick(Cadence::ALL),
        members,
        created_at: (today - Duration::days(HISTORY_DAYS as i64 + 10))
            .and_hms_opt(9, 0, 0)
            .unwrap_or_default()
            .and_utc(),
    }
}

/// Mostly kept, some late, a few missed, renegotiated away or cancelled; the future ones open.
fn commitment(dice: &mut Dice, p: &GeneratedPartnership, i: usize, today: NaiveDate) -> GeneratedCommitment {
    let promisor = *dice.pick(&p.members);
    let promisee = if dice.chance(25) { None } else { p.members.iter().copied().find(|m| *m != promisor) };
    let due_on = today - dice.days(HISTORY_DAYS) + Duration::days(60);
    let (done_on, cancelled) = if due_on > today {
        (dice.chance(10).then(|| today - dice.days(5)), false)
    } else {
        match dice.below(100) {
            0..75 => (Some(due_on - dice.days(7)), false),
            75..87 => (Some((due_on + Duration::days(1) + dice.days(20)).min(today)), false),
            87..95 => (None, false),
            _ => (None, true),
        }
    };
    GeneratedCommitment {
        id: Uuid::now_v7(),
        partnership_id: p.id,
        promisor,
        promisee,
        description: format!("Promise {} of {}", i + 1, p.name),
        due_on,
        done_on: done_on.map(|d| d.min(today)),
        cancelled,
        created_at: (due_on - Duration::days(30)).and_hms_opt(10, 0, 0).unwrap_or_default().and_utc(),
    }
}

fn checkin(dice: &mut Dice, p: &GeneratedPartnership, today: NaiveDate) -> GeneratedCheckIn {
    let attendees = p.members.iter().copied().filter(|_| dice.chance(85)).collect();
    GeneratedCheckIn {
        id: Uuid::now_v7(),
        partnership_id: p.id,
        held_on: day_in_history(dice, today),
        attendees,
        notes: Some("Went through open commitments.".into()),
    }
}

/// One closed pulse of the partnership with about `answers` answers, each respondent rating
/// every other member on the trust and value dimensions.
fn survey(
    dice: &mut Dice,
    p: &GeneratedPartnership,
    questions: &[Question],
    answers: usize,
    today: NaiveDate,
) -> GeneratedSurvey {
    let closes_on = today - Duration::days(30) - dice.days(60);
    let mut responses = Vec::new();
    let mut given = 0;
    // Each partnership has a mood, so perceived trust differs between them.
    let mood = 1 + dice.below(3) as i32;
    while given < answers {
        let organization_id = *dice.pick(&p.members);
        let mut response = Vec::new();
        for q in questions {
            match q.kind {
                QuestionKind::PartnerRating => {
                    for about in p.members.iter().filter(|m| **m != organization_id) {
                        response.push(rating(q, Some(*about), (mood + dice.below(2) as i32).min(4)));
                    }
                }
                QuestionKind::Rating => response.push(rating(q, None, (mood + 1 + dice.below(2) as i32).min(5))),
                QuestionKind::SingleChoice | QuestionKind::MultipleChoice => response.push(StoredAnswer {
                    question: q.key.clone(),
                    about: None,
                    rating: None,
                    choices: vec![dice.pick(&q.choices).clone()],
                    text: None,
                }),
                QuestionKind::FreeText => {}
            }
        }
        given += response.len();
        responses.push((organization_id, response));
    }
    GeneratedSurvey {
        id: Uuid::now_v7(),
        partnership_id: p.id,
        title: format!("Pulse of {}", p.name),
        questions: questions.to_vec(),
        k: 3,
        k_comments: 5,
        opens_on: closes_on - Duration::days(14),
        closes_on,
        organization_ids: p.members.clone(),
        responses,
    }
}

fn rating(q: &Question, about: Option<Uuid>, value: i32) -> StoredAnswer {
    StoredAnswer { question: q.key.clone(), about, rating: Some(value), choices: Vec::new(), text: None }
}
