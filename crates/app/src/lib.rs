//! Rapport's application layer: everything a person can do, each use case with its permission
//! check (SPEC 7), called alike by the JSON API, the web UI, the background jobs and the command
//! line, so that a rule holds whichever door a request comes through.
//!
//! [`Session`] is one person's view of one workspace; its methods are spread over the modules
//! below by area. Pure rules live in `rapport-core`; SQL lives in `rapport-store`.

#![forbid(unsafe_code)]

mod accounts;
pub mod agreements;
pub mod credentials;
mod error;
mod export;
pub mod feeds;
pub mod import;
mod links;
pub mod network_map;
pub mod practices;
pub mod reminders;
pub mod reports;
mod search;
mod session;
pub mod surveys;
pub mod throttle;
pub mod trust;
pub mod webhooks;

pub use error::{AppError, AppResult, wait_words};
pub use session::Session;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::access::Viewer;
use rapport_core::records::User;
use rapport_store::Store;
use throttle::Throttle;

pub use accounts::{
    BrowserSession, CreatedInvitation, EMAIL_JOB, InvitationView, MailFacts, OpenInvitation, Person, RESET_REQUESTED,
};
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
    /// Abuse limits, in this process's memory (`throttle`).
    throttle: Arc<Throttle>,
    /// Whether e-mail goes out (the binary's jobs runner has an SMTP server): invitations and
    /// password-reset links are then e-mailed.
    sends_mail: bool,
    /// Whether webhooks may be saved with a loopback, private or `localhost` address
    /// (`RAPPORT_WEBHOOK_ALLOW_PRIVATE`); the job runner refuses to send to them otherwise.
    allow_private_webhooks: bool,
    /// Network computations run by this process (`network_map`), counted for tests.
    network_computations: Arc<std::sync::atomic::AtomicU64>,
}

impl App {
    pub fn new(store: Store) -> App {
        App {
            store,
            throttle: Arc::default(),
            sends_mail: false,
            allow_private_webhooks: false,
            network_computations: Arc::default(),
        }
    }

    /// The same application, e-mailing invitations and password-reset links when `on`.
    #[must_use]
    pub fn with_mail(mut self, on: bool) -> App {
        self.sends_mail = on;
        self
    }

    /// The same application, accepting webhooks to loopback and private addresses when `on`.
    #[must_use]
    pub fn with_private_webhooks(mut self, on: bool) -> App {
        self.allow_private_webhooks = on;
        self
    }

    pub fn sends_mail(&self) -> bool {
        self.sends_mail
    }

    /// One person's view of one workspace.
    pub fn session(&self, viewer: Viewer) -> Session<'_> {
        let mut session = Session::new(&self.store, viewer);
        session.sends_mail = self.sends_mail;
        session.allow_private_webhooks = self.allow_private_webhooks;
        session
    }

    /// A signed-in person's own things, outside any workspace.
    pub fn person<'a>(&'a self, user: &'a User) -> Person<'a> {
        Person::new(self, user)
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
