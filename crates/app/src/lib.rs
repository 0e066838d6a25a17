//! Rapport's application layer: everything a person can do, each use case with its permission
//! check (SPEC 7), called alike by the JSON API, the web UI, the background jobs and the command
//! line, so that a rule holds whichever door a request comes through.
//!
//! [`Session`] is one person's view of one workspace; its methods are spread over the modules
//! below by area. Pure rules live in `rapport-core`; SQL lives in `rapport-store`.

#![forbid(unsafe_code)]

mod accounts;
pub mod credentials;
mod error;
mod export;
pub mod feeds;
pub mod import;
pub mod network_map;
pub mod practices;
pub mod reminders;
mod session;
pub mod surveys;
pub mod trust;
pub mod webhooks;

pub use error::{AppError, AppResult};
pub use session::Session;

use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::access::Viewer;
use rapport_core::records::User;
use rapport_store::Store;

pub use accounts::{CreatedInvitation, OpenInvitation, Person};
/// Store types that travel through the use cases unchanged: pages, filters and records of
/// accounts, feeds, webhooks and jobs. The doors name them from here, never from the store.
pub use rapport_store::{
    ApiToken, Caller, CommitmentFilter, ConcernFilter, Delivery, Job, Membership, Page, PageRequest,
    PartnershipRecords, Reading, SessionRecord, TimelineFilter, WarningFilter, Webhook,
};

/// The application: what every door (API, UI, jobs, command line) holds to reach Rapport. It
/// wraps the store, which no door touches directly.
#[derive(Clone)]
pub struct App {
    store: Store,
}

impl App {
    pub fn new(store: Store) -> App {
        App { store }
    }

    /// One person's view of one workspace.
    pub fn session(&self, viewer: Viewer) -> Session<'_> {
        Session::new(&self.store, viewer)
    }

    /// A signed-in person's own things, outside any workspace.
    pub fn person<'a>(&'a self, user: &'a User) -> Person<'a> {
        Person::new(&self.store, user)
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> AppResult<()> {
        Ok(self.store.ping().await?)
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.store.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.store.today()
    }
}
