//! One set of migrations for SQLite and PostgreSQL. sea-query writes each statement in the
//! dialect of the connected database (uuid, timestamptz and jsonb natively on PostgreSQL).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

mod m20261123_000001_initial;
mod m20261123_000002_trust;
mod m20261123_000003_surveys;
mod m20261123_000004_practices;
mod m20261123_000005_survey_waves_and_pulses;
mod m20261123_000006_feeds;
mod m20261123_000007_contact_follow_up;
mod m20261123_000008_jobs;
mod m20261201_000009_reminders;
mod m20261202_000010_checkin_action_items;
mod m20261202_000011_assessment_stamps;
mod m20261206_000012_survey_anonymity;
mod m20261206_000013_account_recovery;
mod m20261207_000014_history_dates;
mod m20261207_000101_commitment_state_index;
mod m20261207_000102_trust_settings;
mod m20261207_000201_network_snapshots;
pub(crate) mod m20261208_000301_search;
mod m20261208_000401_workspace_time_zone;
mod m20261210_000101_organization_focus_areas;
mod m20261210_000201_agreements;
mod m20261210_000202_document_links;
mod m20261210_000301_reports;
mod m20261211_000101_languages;
mod m20261212_000101_directory_version;
mod m20261212_000102_past_brokers;
mod m20261212_000103_warning_facts;

use m20261123_000001_initial::Initial;
use m20261123_000002_trust::Trust;
use m20261123_000003_surveys::Surveys;
use m20261123_000004_practices::Practices;
use m20261123_000005_survey_waves_and_pulses::SurveyWaves;
use m20261123_000006_feeds::Feeds;
use m20261123_000007_contact_follow_up::ContactFollowUp;
use m20261123_000008_jobs::Jobs;
use m20261201_000009_reminders::Reminders;
use m20261202_000010_checkin_action_items::CheckInActionItems;
use m20261202_000011_assessment_stamps::AssessmentStamps;
use m20261206_000012_survey_anonymity::SurveyAnonymity;
use m20261206_000013_account_recovery::AccountRecovery;
use m20261207_000014_history_dates::HistoryDates;
use m20261207_000101_commitment_state_index::CommitmentStateIndex;
use m20261207_000102_trust_settings::TrustSettingsTable;
use m20261207_000201_network_snapshots::NetworkSnapshots;
use m20261208_000301_search::Search;
use m20261208_000401_workspace_time_zone::WorkspaceTimeZone;
use m20261210_000101_organization_focus_areas::OrganizationFocusAreas;
use m20261210_000201_agreements::Agreements;
use m20261210_000202_document_links::DocumentLinks;
use m20261210_000301_reports::Reports;
use m20261211_000101_languages::Languages;
use m20261212_000101_directory_version::DirectoryVersion;
use m20261212_000102_past_brokers::PastBrokers;
use m20261212_000103_warning_facts::WarningFacts;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(Initial),
            Box::new(Trust),
            Box::new(Surveys),
            Box::new(Practices),
            Box::new(SurveyWaves),
            Box::new(Feeds),
            Box::new(ContactFollowUp),
            Box::new(Jobs),
            Box::new(Reminders),
            Box::new(CheckInActionItems),
            Box::new(AssessmentStamps),
            Box::new(SurveyAnonymity),
            Box::new(AccountRecovery),
            Box::new(HistoryDates),
            Box::new(CommitmentStateIndex),
            Box::new(TrustSettingsTable),
            Box::new(NetworkSnapshots),
            Box::new(Search),
            Box::new(WorkspaceTimeZone),
            Box::new(OrganizationFocusAreas),
            Box::new(Agreements),
            Box::new(DocumentLinks),
            Box::new(Reports),
            Box::new(Languages),
            Box::new(DirectoryVersion),
            Box::new(PastBrokers),
            Box::new(WarningFacts),
        ]
    }
}

/// Columns every tenant-owned table starts with.
pub(super) fn tenant_table(name: &'static str) -> TableCreateStatement {
    Table::create()
        .table(name)
        .col(pk_uuid("id"))
        .col(uuid("workspace_id"))
        .foreign_key(
            ForeignKey::create().from(name, "workspace_id").to("workspaces", "id").on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

pub(super) fn index(table: &'static str, name: &'static str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(*column);
    }
    index.clone()
}

pub(super) fn reference(table: &'static str, column: &'static str, target: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(target, "id").on_delete(ForeignKeyAction::Cascade).to_owned()
}
