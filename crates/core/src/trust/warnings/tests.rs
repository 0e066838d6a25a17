use chrono::TimeDelta;

use super::*;
use crate::kinds::Cadence;
use crate::trust::reliability::CommitmentHistory;
use crate::trust::snapshot::*;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
}

fn at(d: i64) -> NaiveDate {
    start() + TimeDelta::days(d)
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

const SCHOOL: u128 = 100;
const LIBRARY: u128 = 200;

fn snapshot(cadence: Cadence) -> PartnershipSnapshot {
    let mut s = PartnershipSnapshot::new(id(1), start(), cadence);
    s.members = vec![
        MemberFact { organization_id: id(SCHOOL), name: "Lincoln Elementary".into(), joined_on: None },
        MemberFact { organization_id: id(LIBRARY), name: "Harbor Library".into(), joined_on: None },
    ];
    s
}

fn commitment(n: u128, by: u128, due: i64, done: Option<i64>) -> CommitmentHistory {
    CommitmentHistory {
        id: id(n),
        partnership_id: id(1),
        promisor: id(by),
        promisee: None,
        first_due_on: at(due),
        renegotiations: vec![],
        done_on: done.map(at),
        cancelled_on: None,
    }
}

fn check_in(n: u128, day: i64, attendees: &[u128]) -> CheckInFact {
    CheckInFact { id: id(n), held_on: at(day), attendee_organization_ids: attendees.iter().map(|a| id(*a)).collect() }
}

fn of_kind(s: &PartnershipSnapshot, day: i64, kind: WarningKind) -> Vec<Warning> {
    warnings(s, at(day), &TrustSettings::default()).into_iter().filter(|w| w.kind == kind).collect()
}

fn one(s: &PartnershipSnapshot, day: i64, kind: WarningKind) -> Option<Warning> {
    let mut found = of_kind(s, day, kind);
    assert!(found.len() <= 1, "{found:#?}");
    found.pop()
}

// Commitments overdue

#[test]
fn two_missed_within_30_days_fire_one_does_not() {
    let mut s = snapshot(Cadence::Weekly);
    // Due day 100, missed from day 103 (grace 3); as of day 110 it is 10 days overdue.
    s.commitments = vec![commitment(1, SCHOOL, 100, None)];
    assert!(one(&s, 110, WarningKind::CommitmentsOverdue).is_none());
    s.commitments.push(commitment(2, LIBRARY, 105, None));
    let w = one(&s, 110, WarningKind::CommitmentsOverdue).unwrap();
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(
        w.records,
        vec![RecordRef::new(RecordKind::Commitment, id(1)), RecordRef::new(RecordKind::Commitment, id(2))]
    );
    assert_eq!(
        w.explanation,
        "2 commitments became missed in the last 30 days; the oldest, by Lincoln Elementary, is 10 days overdue."
    );
    assert!(w.suggested_action.starts_with("Schedule a short check-in to revisit roles and deadlines"));
}

#[test]
fn the_30_day_window_ends_today() {
    let mut s = snapshot(Cadence::Weekly);
    // Missed on days 103 and 110; overdue by at most 14 days as long as day ≤ 114.
    s.commitments = vec![commitment(1, SCHOOL, 100, None), commitment(2, SCHOOL, 107, None)];
    assert!(one(&s, 114, WarningKind::CommitmentsOverdue).is_some());
    // With the first missed on day 103, day 132 is 29 days later (inside), day 133 is 30 (outside)
    // — but by then it is long overdue anyway, so check the count rule with a lenient setting.
    let mut settings = TrustSettings::default();
    settings.warnings.overdue_days = 1_000;
    let count = |day| {
        warnings(&s, at(day), &settings).into_iter().filter(|w| w.kind == WarningKind::CommitmentsOverdue).count()
    };
    assert_eq!(count(132), 1);
    assert_eq!(count(133), 0);
}

#[test]
fn one_missed_fires_only_past_14_days_overdue() {
    let mut s = snapshot(Cadence::Weekly);
    s.commitments = vec![commitment(1, LIBRARY, 100, None)];
    assert!(one(&s, 114, WarningKind::CommitmentsOverdue).is_none(), "14 days overdue is not more than 14");
    let w = one(&s, 115, WarningKind::CommitmentsOverdue).unwrap();
    assert_eq!(w.explanation, "A commitment by Harbor Library is 15 days overdue and not yet done.");
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(
        one(&s, 129, WarningKind::CommitmentsOverdue).unwrap().severity,
        Severity::Critical,
        "more than 28 days"
    );
}

#[test]
fn four_missed_in_30_days_are_critical() {
    let mut s = snapshot(Cadence::Weekly);
    s.commitments = (1..=4).map(|n| commitment(n, SCHOOL, 100 + n as i64, None)).collect();
    assert_eq!(one(&s, 108, WarningKind::CommitmentsOverdue).unwrap().severity, Severity::Critical);
}

#[test]
fn done_renegotiated_and_cancelled_commitments_are_not_overdue() {
    let mut s = snapshot(Cadence::Weekly);
    let mut renegotiated = commitment(2, SCHOOL, 100, None);
    renegotiated.renegotiations.push(crate::trust::Renegotiation { agreed_on: at(99), new_due_on: at(140) });
    let cancelled = CommitmentHistory { cancelled_on: Some(at(98)), ..commitment(3, SCHOOL, 100, None) };
    s.commitments = vec![commitment(1, SCHOOL, 100, Some(101)), renegotiated, cancelled];
    assert!(one(&s, 130, WarningKind::CommitmentsOverdue).is_none());
}

#[test]
fn a_commitment_done_after_the_evaluation_day_was_overdue_then() {
    let mut s = snapshot(Cadence::Weekly);
    s.commitments = vec![commitment(1, SCHOOL, 100, Some(140))];
    assert!(one(&s, 120, WarningKind::CommitmentsOverdue).is_some());
    assert!(one(&s, 140, WarningKind::CommitmentsOverdue).is_none());
}

// Cadence slipping

#[test]
fn cadence_slips_at_exactly_twice_the_cadence() {
    let mut s = snapshot(Cadence::Weekly);
    s.check_ins = vec![check_in(1, 100, &[])];
    assert!(one(&s, 113, WarningKind::CadenceSlipping).is_none());
    let w = one(&s, 114, WarningKind::CadenceSlipping).unwrap();
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.records, vec![RecordRef::new(RecordKind::CheckIn, id(1))]);
    assert_eq!(
        w.explanation,
        "No check-in for 14 days since the last one on 11 April 2025: at least 2 times the weekly cadence."
    );
    assert_eq!(one(&s, 128, WarningKind::CadenceSlipping).unwrap().severity, Severity::Critical);
    // A logged check-in resets the clock.
    s.check_ins.push(check_in(2, 127, &[]));
    assert!(one(&s, 128, WarningKind::CadenceSlipping).is_none());
}

#[test]
fn monthly_cadence_slips_after_60_8_days_and_counts_from_the_start_without_check_ins() {
    let s = snapshot(Cadence::Monthly);
    assert!(one(&s, 60, WarningKind::CadenceSlipping).is_none());
    let w = one(&s, 61, WarningKind::CadenceSlipping).unwrap();
    assert!(w.records.is_empty());
    assert!(w.explanation.starts_with("No check-in has been recorded in the 61 days since the partnership began"));
}

// Trust falling

fn wave(n: u128, day: i64, percent: Option<f64>) -> SurveyWaveFact {
    SurveyWaveFact { id: id(n), closed_on: at(day), trust_percent: percent }
}

#[test]
fn perceived_trust_falling_by_ten_points_fires() {
    let mut s = snapshot(Cadence::Quarterly);
    s.check_ins = vec![check_in(1, 199, &[])];
    s.survey_waves = vec![wave(1, 100, Some(80.0)), wave(2, 190, Some(70.1))];
    assert!(one(&s, 200, WarningKind::TrustFalling).is_none(), "9.9 points");
    s.survey_waves[1].trust_percent = Some(70.0);
    let w = one(&s, 200, WarningKind::TrustFalling).unwrap();
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(
        w.explanation,
        "Perceived trust fell from 80% to 70% between the surveys that closed on 2025-04-11 and 2025-07-10."
    );
    s.survey_waves[1].trust_percent = Some(60.0);
    assert_eq!(one(&s, 200, WarningKind::TrustFalling).unwrap().severity, Severity::Critical);
    // A wave hidden by the anonymity rules compares with nothing.
    s.survey_waves.push(wave(3, 195, None));
    assert!(one(&s, 200, WarningKind::TrustFalling).is_none());
    // Nor does a wave that has not closed by the evaluation day.
    assert!(one(&s, 150, WarningKind::TrustFalling).is_none());
}

#[test]
fn reliability_falling_by_015_in_90_days_fires() {
    let mut s = snapshot(Cadence::Weekly);
    s.check_ins = vec![check_in(1, 299, &[])];
    // Ten promises kept on time around day 200, then misses in the last 90 days.
    s.commitments = (0..10).map(|n| commitment(n, SCHOOL, 200, Some(200))).collect();
    let settings = TrustSettings::default();
    let e = |s: &PartnershipSnapshot, day| evidence_of(&s.commitments, at(day), &settings).expected();
    assert!(one(&s, 300, WarningKind::TrustFalling).is_none());
    let mut misses = 0;
    while e(&s, 210) - e(&s, 300) < 0.15 {
        misses += 1;
        s.commitments.push(commitment(100 + misses, LIBRARY, 280, None));
    }
    let w = one(&s, 300, WarningKind::TrustFalling).unwrap();
    assert!(w.explanation.starts_with("Expected reliability fell from"), "{}", w.explanation);
    assert_eq!(w.records.len(), misses as usize);
    // One miss fewer stays under the threshold.
    s.commitments.pop();
    assert!(one(&s, 300, WarningKind::TrustFalling).is_none());
}

#[test]
fn reliability_without_enough_evidence_then_does_not_fall() {
    let mut s = snapshot(Cadence::Weekly);
    s.check_ins = vec![check_in(1, 299, &[])];
    s.commitments = (0..2)
        .map(|n| commitment(n, SCHOOL, 200, Some(200)))
        .chain((10..20).map(|n| commitment(n, SCHOOL, 280, None)))
        .collect();
    assert!(one(&s, 300, WarningKind::TrustFalling).is_none());
}

// Goal at risk

fn goal(confidence: Confidence, due: Option<i64>, progress: Option<f64>) -> GoalFact {
    GoalFact {
        id: id(50),
        statement: "Raise attendance at family nights".into(),
        started_on: at(0),
        due_on: due.map(at),
        closed_on: None,
        updates: vec![GoalProgress { on: at(10), confidence, progress_percent: progress }],
    }
}

#[test]
fn a_goal_at_risk_with_fewer_than_30_days_left() {
    let mut s = snapshot(Cadence::Weekly);
    s.goals = vec![goal(Confidence::AtRisk, Some(130), None)];
    assert!(one(&s, 100, WarningKind::GoalAtRisk).is_none(), "30 days left");
    let w = one(&s, 101, WarningKind::GoalAtRisk).unwrap();
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.explanation, "“Raise attendance at family nights” is marked at risk with 29 days to its due date.");
    assert_eq!(w.records, vec![RecordRef::new(RecordKind::Goal, id(50))]);
    s.goals = vec![goal(Confidence::OffTrack, Some(130), None)];
    assert_eq!(one(&s, 101, WarningKind::GoalAtRisk).unwrap().severity, Severity::Critical);
    assert!(one(&s, 140, WarningKind::GoalAtRisk).unwrap().explanation.contains("10 days past its due date"));
    s.goals = vec![goal(Confidence::OnTrack, Some(130), None)];
    assert!(one(&s, 120, WarningKind::GoalAtRisk).is_none());
    // Closed goals are not watched.
    s.goals = vec![GoalFact { closed_on: Some(at(90)), ..goal(Confidence::OffTrack, Some(130), None) }];
    assert!(one(&s, 120, WarningKind::GoalAtRisk).is_none());
}

#[test]
fn a_goal_behind_its_time_by_more_than_25_points() {
    let mut s = snapshot(Cadence::Weekly);
    // Half its time gone on day 100 (started day 0, due day 200).
    s.goals = vec![goal(Confidence::OnTrack, Some(200), Some(25.0))];
    assert!(one(&s, 100, WarningKind::GoalAtRisk).is_none(), "exactly 25 points behind");
    s.goals = vec![goal(Confidence::OnTrack, Some(200), Some(24.0))];
    let w = one(&s, 100, WarningKind::GoalAtRisk).unwrap();
    assert_eq!(
        w.explanation,
        "“Raise attendance at family nights” is 24% of the way to its target with 50% of its time gone."
    );
    assert_eq!(w.severity, Severity::Warning);
    s.goals = vec![goal(Confidence::OnTrack, Some(200), Some(0.0))];
    assert_eq!(one(&s, 120, WarningKind::GoalAtRisk).unwrap().severity, Severity::Critical);
}

// Concern unanswered

fn concern(n: u128, raised: i64, private: bool) -> ConcernFact {
    ConcernFact {
        id: id(n),
        raised_on: at(raised),
        acknowledge_by: None,
        acknowledged_on: None,
        resolved_on: None,
        private,
    }
}

#[test]
fn a_concern_unacknowledged_past_its_deadline() {
    let mut s = snapshot(Cadence::Weekly);
    s.concerns = vec![concern(1, 100, false)];
    assert!(one(&s, 107, WarningKind::ConcernUnanswered).is_none(), "deadline day");
    let w = one(&s, 108, WarningKind::ConcernUnanswered).unwrap();
    assert_eq!(w.severity, Severity::Warning);
    assert!(!w.restricted && w.organization_id.is_none());
    assert_eq!(
        w.explanation,
        "A concern raised on 11 April 2025 has waited 8 days for acknowledgement; the deadline was 18 April 2025."
    );
    assert!(w.suggested_action.contains("name a neutral mediator"));
    assert_eq!(one(&s, 114, WarningKind::ConcernUnanswered).unwrap().severity, Severity::Critical);
    s.concerns[0].acknowledged_on = Some(at(109));
    assert!(one(&s, 109, WarningKind::ConcernUnanswered).is_none());
    assert!(one(&s, 108, WarningKind::ConcernUnanswered).is_some(), "as it stood on day 108");
}

#[test]
fn a_private_concern_gives_a_restricted_warning_and_its_own_deadline_applies() {
    let mut s = snapshot(Cadence::Weekly);
    s.concerns = vec![ConcernFact { acknowledge_by: Some(at(102)), ..concern(1, 100, true) }];
    let w = one(&s, 103, WarningKind::ConcernUnanswered).unwrap();
    assert!(w.restricted);
}

// One-sided partnership

#[test]
fn one_member_keeping_more_than_70_percent_of_promises() {
    let mut s = snapshot(Cadence::Weekly);
    s.check_ins = vec![check_in(1, 199, &[])];
    let kept = |n: u128, by| commitment(n, by, 150, Some(150));
    s.commitments = (0..7).map(|n| kept(n, SCHOOL)).chain((7..10).map(|n| kept(n, LIBRARY))).collect();
    assert!(one(&s, 200, WarningKind::OneSidedPartnership).is_none(), "exactly 70 %");
    s.commitments.push(kept(10, SCHOOL));
    let w = one(&s, 200, WarningKind::OneSidedPartnership).unwrap();
    assert_eq!(w.organization_id, Some(id(SCHOOL)));
    assert_eq!(w.explanation, "Lincoln Elementary kept 8 of the 11 commitments kept in the last 180 days (73%).");
    assert_eq!(w.records.len(), 11);
    // Outside the 180-day window they no longer count.
    assert!(one(&s, 330, WarningKind::OneSidedPartnership).is_none());
}

#[test]
fn too_few_records_say_nothing_about_balance() {
    let mut s = snapshot(Cadence::Weekly);
    s.check_ins = vec![check_in(1, 199, &[])];
    s.commitments = (0..4).map(|n| commitment(n, SCHOOL, 150, Some(150))).collect();
    assert!(one(&s, 200, WarningKind::OneSidedPartnership).is_none());
}

#[test]
fn contributions_are_weighed_by_their_size() {
    let mut s = snapshot(Cadence::Weekly);
    s.check_ins = vec![check_in(1, 199, &[])];
    let give = |n: u128, by, weight| ContributionFact { id: id(n), organization_id: id(by), on: at(150), weight };
    s.contributions = vec![
        give(1, LIBRARY, 10.0),
        give(2, SCHOOL, 1.0),
        give(3, SCHOOL, 1.0),
        give(4, SCHOOL, 1.0),
        give(5, SCHOOL, 1.0),
    ];
    let w = one(&s, 200, WarningKind::OneSidedPartnership).unwrap();
    assert_eq!(w.organization_id, Some(id(LIBRARY)));
    assert_eq!(w.explanation, "Harbor Library made 71% of the contributions recorded in the last 180 days.");
}

// Quiet partner

#[test]
fn a_member_absent_from_the_last_three_check_ins() {
    let mut s = snapshot(Cadence::Weekly);
    s.check_ins = vec![
        check_in(1, 170, &[SCHOOL, LIBRARY]),
        check_in(2, 180, &[SCHOOL]),
        check_in(3, 190, &[SCHOOL]),
        check_in(4, 195, &[]), // attendance not recorded: says nothing
    ];
    assert!(of_kind(&s, 199, WarningKind::QuietPartner).is_empty(), "absent from two");
    s.check_ins.push(check_in(5, 198, &[SCHOOL]));
    let w = one(&s, 199, WarningKind::QuietPartner).unwrap();
    assert_eq!(w.severity, Severity::Info);
    assert_eq!(w.organization_id, Some(id(LIBRARY)));
    assert_eq!(w.explanation, "Harbor Library has not been at the last 3 check-ins, since 30 June 2025.");
    assert!(w.suggested_action.starts_with("Reach out to Harbor Library personally"));
    assert!(w.records.contains(&RecordRef::new(RecordKind::Organization, id(LIBRARY))));
    for n in 6..9 {
        s.check_ins.push(check_in(n, 190 + n as i64, &[SCHOOL]));
    }
    assert_eq!(one(&s, 199, WarningKind::QuietPartner).unwrap().severity, Severity::Warning);
}

#[test]
fn check_ins_before_a_member_joined_do_not_count_against_it() {
    let mut s = snapshot(Cadence::Weekly);
    s.members[1].joined_on = Some(at(185));
    s.check_ins = vec![check_in(1, 170, &[SCHOOL]), check_in(2, 180, &[SCHOOL]), check_in(3, 190, &[SCHOOL])];
    assert!(of_kind(&s, 195, WarningKind::QuietPartner).is_empty());
}

// Win to celebrate

#[test]
fn a_milestone_met_and_not_yet_thanked() {
    let mut s = snapshot(Cadence::Weekly);
    s.check_ins = vec![check_in(1, 100, &[])];
    s.milestones = vec![MilestoneFact {
        id: id(60),
        goal_id: id(50),
        title: "First family night".into(),
        due_on: at(100),
        met_on: Some(at(95)),
    }];
    let w = one(&s, 100, WarningKind::WinToCelebrate).unwrap();
    assert_eq!(w.severity, Severity::Positive);
    assert_eq!(
        w.explanation,
        "Milestone “First family night” was met on 6 April 2025 and nobody has said thank you yet."
    );
    assert!(w.suggested_action.starts_with("Send kudos"));
    assert!(one(&s, 124, WarningKind::WinToCelebrate).is_some());
    assert!(one(&s, 125, WarningKind::WinToCelebrate).is_none(), "30 days on, it is old news");
    s.kudos.push(KudosFact {
        id: id(70),
        given_on: at(97),
        to_organization_id: None,
        about: Some(RecordRef::new(RecordKind::Milestone, id(60))),
    });
    assert!(one(&s, 100, WarningKind::WinToCelebrate).is_none());
    assert!(one(&s, 96, WarningKind::WinToCelebrate).is_some(), "before the kudos");
}

#[test]
fn a_streak_of_five_kept_on_time() {
    let mut s = snapshot(Cadence::Weekly);
    s.check_ins = vec![check_in(1, 100, &[])];
    s.commitments = vec![commitment(1, LIBRARY, 50, Some(60))]; // late: the streak starts after it
    s.commitments.extend((2..6).map(|n| commitment(n, LIBRARY, 70 + n as i64, Some(70))));
    assert!(one(&s, 100, WarningKind::WinToCelebrate).is_none(), "four in a row");
    s.commitments.push(commitment(6, LIBRARY, 90, Some(90)));
    let w = one(&s, 100, WarningKind::WinToCelebrate).unwrap();
    assert_eq!(w.organization_id, Some(id(LIBRARY)));
    assert_eq!(w.explanation, "Harbor Library has kept its last 5 commitments on time.");
    assert_eq!(w.records.len(), 5);
    assert!(w.suggested_action.starts_with("Send kudos to Harbor Library"));
    // Thanked after the streak: quiet until five more.
    s.kudos.push(KudosFact { id: id(70), given_on: at(95), to_organization_id: Some(id(LIBRARY)), about: None });
    assert!(one(&s, 100, WarningKind::WinToCelebrate).is_none());
}

// All together

#[test]
fn warnings_come_most_urgent_first_and_good_news_last() {
    let mut s = snapshot(Cadence::Weekly);
    s.milestones = vec![MilestoneFact {
        id: id(60),
        goal_id: id(50),
        title: "Launch".into(),
        due_on: at(100),
        met_on: Some(at(99)),
    }];
    s.concerns = vec![concern(1, 95, false)];
    // No check-in for 100 days: critical cadence; concern 5 days past deadline: warning.
    let found = warnings(&s, at(100), &TrustSettings::default());
    let kinds: Vec<_> = found.iter().map(|w| (w.kind, w.severity)).collect();
    assert_eq!(
        kinds,
        vec![(WarningKind::CadenceSlipping, Severity::Critical), (WarningKind::WinToCelebrate, Severity::Positive)],
        "the concern's deadline (day 102) has not passed"
    );
    let found = warnings(&s, at(104), &TrustSettings::default());
    let kinds: Vec<_> = found.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, vec![WarningKind::CadenceSlipping, WarningKind::ConcernUnanswered, WarningKind::WinToCelebrate]);
}

#[test]
fn the_inbox_puts_the_most_severe_first_then_the_oldest() {
    let record = |n: u128, severity: Severity, raised: i64| WarningRecord {
        id: id(n),
        partnership_id: id(1),
        partnership_name: "P".into(),
        warning: Warning {
            kind: WarningKind::CommitmentsOverdue,
            severity,
            organization_id: None,
            records: vec![],
            explanation: String::new(),
            suggested_action: String::new(),
            restricted: false,
            facts: None,
        },
        raised_on: at(raised),
        cleared_on: None,
        state: crate::kinds::WarningState::Open,
        snoozed_until: None,
        state_reason: None,
        state_by: None,
    };
    let mut inbox = vec![
        record(10, Severity::Positive, 0),
        record(11, Severity::Critical, 5),
        record(12, Severity::Info, 1),
        record(13, Severity::Critical, 2),
        record(14, Severity::Warning, 9),
    ];
    most_urgent_first(&mut inbox);
    let order: Vec<Uuid> = inbox.iter().map(|r| r.id).collect();
    assert_eq!(order, vec![id(13), id(11), id(14), id(12), id(10)]);
}
