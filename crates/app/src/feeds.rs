//! iCalendar feeds behind secret URLs: a person's (every partnership they can see) and a
//! partnership's (published by its coordinators).
//!
//! A feed shows what the person it belongs to may see, checked at every download with the same
//! rules as the rest of Rapport: a member's feed holds their organisations' partnerships only,
//! and a person who leaves the workspace leaves a feed that answers 404.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rapport_core::access::Action;
use rapport_core::calendar::{self, Calendar, FeedPartnership};
use rapport_core::records::Partnership;
use rapport_store::{CalendarFeed, FeedScope, PageRequest, Store};
use serde::Serialize;
use uuid::Uuid;

use crate::credentials;
use crate::{App, AppError, AppResult, Session};

/// How far back a feed reaches: check-ins held and commitments due in the last year.
pub const FEED_DAYS_BACK: i64 = 365;

const SECRET_PREFIX: &str = "cal_";

/// Which feed a route is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The caller's own feed in this workspace.
    Mine,
    Partnership(Uuid),
}

/// A feed just made: its secret URL is shown this once.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedFeed {
    /// Subscribe to this URL in a calendar application (`text/calendar`, RFC 5545). It needs no
    /// sign-in, so treat it like a password; making a new feed revokes it.
    pub url: String,
    /// The secret part of the URL.
    pub token: String,
    pub created_at: DateTime<Utc>,
}

/// Whether a feed is live; its URL is never shown again.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedStatus {
    pub active: bool,
    pub created_at: Option<DateTime<Utc>>,
}

const COORDINATORS_ONLY: &str = "only coordinators and owners can publish a partnership's calendar feed";

impl Session<'_> {
    /// The scope of `which`, after checking the caller may manage it: anyone has their own feed; a
    /// partnership's is managed by coordinators and owners who see it (others who see it get 403,
    /// everyone else 404).
    async fn feed_scope(&self, which: Which) -> AppResult<FeedScope> {
        match which {
            Which::Mine => Ok(FeedScope::Person(self.viewer.user_id)),
            Which::Partnership(id) => {
                self.partnership(id).await?;
                if !self.viewer.may(Action::ManageNetwork) {
                    return Err(AppError::Forbidden(COORDINATORS_ONLY));
                }
                Ok(FeedScope::Partnership(id))
            }
        }
    }

    /// Makes a new feed for `which`, revoking the previous one; returns its URL, shown once.
    pub async fn make_feed(&self, base_url: &str, which: Which) -> AppResult<CreatedFeed> {
        let scope = self.feed_scope(which).await?;
        let token = format!("{SECRET_PREFIX}{}", credentials::new_secret());
        let feed = self
            .store
            .rotate_feed(self.viewer.workspace_id, self.viewer.user_id, scope, &credentials::digest(&token))
            .await?;
        Ok(CreatedFeed { url: feed_url(base_url, &token), token, created_at: feed.created_at })
    }

    pub async fn revoke_feed(&self, which: Which) -> AppResult<()> {
        let scope = self.feed_scope(which).await?;
        Ok(self.store.revoke_feed(self.viewer.workspace_id, scope).await?)
    }

    pub async fn feed_status(&self, which: Which) -> AppResult<FeedStatus> {
        let scope = self.feed_scope(which).await?;
        let feed = self.store.live_feed(self.viewer.workspace_id, scope).await?;
        Ok(FeedStatus { active: feed.is_some(), created_at: feed.map(|f| f.created_at) })
    }

    /// The partnerships' live feeds (coordinators and owners; nobody else publishes them).
    pub async fn partnership_feeds(&self) -> AppResult<Vec<CalendarFeed>> {
        if !self.viewer.may(Action::ManageNetwork) {
            return Ok(Vec::new());
        }
        Ok(self.store.live_partnership_feeds(self.viewer.workspace_id).await?)
    }
}

pub fn feed_url(base_url: &str, token: &str) -> String {
    format!("{}/feeds/{token}.ics", base_url.trim_end_matches('/'))
}

/// A feed's calendar, to word in its owner's language and render.
#[derive(Debug, Clone)]
pub struct FeedCalendar {
    /// The events with their English words and the facts to word them otherwise.
    pub calendar: Calendar,
    /// The feed owner's language: their own choice, else the workspace's.
    pub language: String,
    /// The moment it was made (every event's DTSTAMP).
    pub made_at: DateTime<Utc>,
}

impl App {
    /// The calendar of the feed whose secret is `token`, as the person it belongs to sees the
    /// workspace today; not found for a wrong, revoked or replaced secret, or a person who left.
    /// [`calendar::render`] writes it as text.
    pub async fn calendar_feed(&self, base_url: &str, token: &str) -> AppResult<FeedCalendar> {
        if !token.starts_with(SECRET_PREFIX) {
            return Err(AppError::NotFound);
        }
        let feed = self.store.feed_by_token(&credentials::digest(token)).await?.ok_or(AppError::NotFound)?;
        let calendar = calendar_of(&self.store, base_url, &feed).await?;
        let language = match self.store.user(feed.user_id).await?.language {
            Some(language) => language,
            None => self.store.workspace_language(feed.workspace_id).await?,
        };
        Ok(FeedCalendar { calendar, language, made_at: self.store.now() })
    }
}

/// Builds the feed's calendar as the person it belongs to sees the workspace today.
async fn calendar_of(store: &Store, base_url: &str, feed: &CalendarFeed) -> AppResult<Calendar> {
    let viewer = store.viewer(feed.workspace_id, feed.user_id).await?.ok_or(AppError::NotFound)?;
    let session = Session::new(store, viewer);
    let (name, partnerships) = match feed.partnership_id {
        Some(id) => {
            let partnership = session.partnership(id).await?;
            (format!("{} (Rapport)", partnership.name), vec![partnership])
        }
        None => {
            let workspace = store.workspace_name(feed.workspace_id).await?;
            (format!("Rapport: {workspace}"), visible_partnerships(&session).await?)
        }
    };
    let ids: Vec<Uuid> = partnerships.iter().map(|p| p.id).collect();
    let today = session.today();
    let since = today - Duration::days(FEED_DAYS_BACK);
    let checkins = store.feed_checkins(feed.workspace_id, &ids, since).await?;
    let commitments = store.feed_commitments(feed.workspace_id, &ids, since).await?;
    let mut feed_partnerships: HashMap<Uuid, FeedPartnership> =
        partnerships.iter().map(|p| (p.id, FeedPartnership::of(p))).collect();
    for checkin in &checkins {
        if let Some(entry) = feed_partnerships.get_mut(&checkin.partnership_id) {
            entry.add_checkin(checkin);
        }
    }
    let by_id: HashMap<Uuid, &Partnership> = partnerships.iter().map(|p| (p.id, p)).collect();
    for commitment in &commitments {
        if let (Some(entry), Some(p)) =
            (feed_partnerships.get_mut(&commitment.partnership_id), by_id.get(&commitment.partnership_id))
        {
            entry.add_commitment(commitment, p);
        }
    }
    let mut events = Vec::new();
    for p in &partnerships {
        events.extend(calendar::partnership_events(&feed_partnerships[&p.id], today, base_url, feed.workspace_id));
    }
    for a in store.feed_agreements(feed.workspace_id, &ids).await? {
        if let Some(p) = by_id.get(&a.partnership_id) {
            events.extend(rapport_core::agreement::calendar_events(&a, &p.name, base_url, feed.workspace_id));
        }
    }
    calendar::sort_events(&mut events);
    Ok(Calendar { name, events })
}

/// Every live partnership the session may see, through the same query as the partnership list.
async fn visible_partnerships(session: &Session<'_>) -> AppResult<Vec<Partnership>> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = session.partnerships(None, PageRequest { after, limit: 200, include_archived: false }).await?;
        all.extend(page.items);
        match page.next_after {
            Some(next) => after = Some(next),
            None => return Ok(all),
        }
    }
}
