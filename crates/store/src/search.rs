//! Search over organisations, contacts, partnerships, goals, commitments and check-ins
//! (`rapport_core::search`). One query per kind, the same on both databases but for the match
//! itself ([`matches`]): FTS5 on SQLite, a `tsvector` on PostgreSQL, each kept by the database
//! (migration `m20261208_000301_search`). Archived records, and records of an archived
//! partnership or a contact of an archived organisation, are left out; a member is asked only
//! about the partnerships of their organisations, as `Store::partnerships` does.

use rapport_core::access::Viewer;
use rapport_core::kinds::{OrganizationKind, PartnershipKind};
use rapport_core::search::{MAX_RESULTS, SearchHit, SearchKind, SearchQuery, rank};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query, SelectStatement};
use sea_orm::{DbBackend, FromQueryResult};
use uuid::Uuid;

use crate::entities::*;
use crate::migrations::m20261208_000301_search::{SEARCHED, searched_text};
use crate::{Store, StoreResult};

/// How one kind is read: its table (aliased `r`), what it joins (aliased `o` or `p`), and the
/// SQL of its title, context and links.
struct Shape {
    kind: SearchKind,
    table: &'static str,
    join: Option<(&'static str, &'static str, &'static str)>,
    title: &'static str,
    context: &'static str,
    partnership: Option<&'static str>,
    organization: Option<&'static str>,
}

const SHAPES: [Shape; 6] = [
    Shape {
        kind: SearchKind::Organization,
        table: "organizations",
        join: None,
        title: "r.name",
        context: "r.kind",
        partnership: None,
        organization: None,
    },
    Shape {
        kind: SearchKind::Contact,
        table: "contacts",
        join: Some(("organizations", "o", "o.id = r.organization_id")),
        title: "r.name",
        context: "o.name",
        partnership: None,
        organization: Some("r.organization_id"),
    },
    Shape {
        kind: SearchKind::Partnership,
        table: "partnerships",
        join: None,
        title: "r.name",
        context: "r.kind",
        partnership: Some("r.id"),
        organization: None,
    },
    Shape {
        kind: SearchKind::Goal,
        table: "goals",
        join: Some(("partnerships", "p", "p.id = r.partnership_id")),
        title: "r.statement",
        context: "p.name",
        partnership: Some("r.partnership_id"),
        organization: None,
    },
    Shape {
        kind: SearchKind::Commitment,
        table: "commitments",
        join: Some(("partnerships", "p", "p.id = r.partnership_id")),
        title: "r.description",
        context: "p.name",
        partnership: Some("r.partnership_id"),
        organization: None,
    },
    Shape {
        kind: SearchKind::CheckIn,
        table: "checkins",
        join: Some(("partnerships", "p", "p.id = r.partnership_id")),
        title: "",
        context: "p.name",
        partnership: Some("r.partnership_id"),
        organization: None,
    },
];

#[derive(FromQueryResult)]
struct HitRow {
    id: Uuid,
    title: String,
    context: String,
    partnership_id: Option<Uuid>,
    organization_id: Option<Uuid>,
    held_on: Option<chrono::NaiveDate>,
    exact: i32,
}

/// At most this many records of one kind are ranked: a word that a million commitments hold
/// ("promise") would otherwise be a million rows sorted for every keystroke. Past it, which
/// records are shown is the index's order (oldest first), not the best; a longer query narrows.
const CANDIDATES: u32 = 500;

fn text_template(table: &str) -> &'static str {
    SEARCHED.iter().find(|(t, _, _)| *t == table).map(|(_, _, text)| *text).expect("every searched table has a text")
}

/// The searched text of `table` over the row aliased `r`.
fn text_of(table: &str) -> String {
    searched_text(text_template(table), "r.")
}

/// The one place the databases differ: whether row `r` of `table` holds every word of
/// `query`, the last as a prefix.
fn matches(backend: DbBackend, table: &str, words: &[String]) -> Expr {
    let last = words.len() - 1;
    match backend {
        DbBackend::Postgres => {
            let tsquery = words
                .iter()
                .enumerate()
                .map(|(i, w)| if i == last { format!("'{w}':*") } else { format!("'{w}'") })
                .collect::<Vec<_>>()
                .join(" & ");
            Expr::cust_with_values(
                format!(
                    "r.id IN (SELECT c.id FROM {table} c WHERE to_tsvector('simple', {}) @@ to_tsquery('simple', $1) \
                     LIMIT {CANDIDATES})",
                    searched_text(text_template(table), "c.")
                ),
                [tsquery],
            )
        }
        _ => {
            let phrases = words
                .iter()
                .enumerate()
                .map(|(i, w)| if i == last { format!("\"{w}\"*") } else { format!("\"{w}\"") })
                .collect::<Vec<_>>()
                .join(" ");
            Expr::cust_with_values(
                format!(
                    "r.id IN (SELECT record_id FROM search_rows WHERE n IN \
                 (SELECT rowid FROM search_text WHERE search_text MATCH ? LIMIT {CANDIDATES}))"
                ),
                [format!("kind : {table} AND body : ({phrases})")],
            )
        }
    }
}

fn select(shape: &Shape, backend: DbBackend, viewer: &Viewer, query: &SearchQuery) -> SelectStatement {
    let title = if shape.kind == SearchKind::CheckIn { text_of(shape.table) } else { shape.title.to_owned() };
    let null = || "NULL".to_owned();
    let mut select = Query::select();
    select
        .expr_as(Expr::cust("r.id"), "id")
        .expr_as(Expr::cust(title.clone()), "title")
        .expr_as(Expr::cust(shape.context), "context")
        .expr_as(Expr::cust(shape.partnership.map_or_else(null, str::to_owned)), "partnership_id")
        .expr_as(Expr::cust(shape.organization.map_or_else(null, str::to_owned)), "organization_id")
        .expr_as(Expr::cust(if shape.kind == SearchKind::CheckIn { "r.held_on" } else { "NULL" }), "held_on")
        .expr_as(
            Expr::case(Expr::cust(format!("lower({title})")).eq(query.text().to_lowercase()), 1).finally(0),
            "exact",
        )
        .from_as(Alias::new(shape.table), Alias::new("r"))
        .and_where(Expr::cust("r.workspace_id").eq(viewer.workspace_id))
        .and_where(Expr::cust("r.archived_at").is_null())
        .and_where(matches(backend, shape.table, query.words()));
    if let Some((table, alias, on)) = shape.join {
        select.join_as(JoinType::InnerJoin, Alias::new(table), Alias::new(alias), Expr::cust(on));
        select.and_where(Expr::cust(format!("{alias}.archived_at")).is_null());
    }
    if let Some(partnership) = shape.partnership
        && !viewer.sees_whole_workspace()
    {
        select.and_where(
            Expr::cust(partnership).in_subquery(
                Query::select()
                    .column(partnership_members::Column::PartnershipId)
                    .from(partnership_members::Entity)
                    .and_where(
                        Expr::col(partnership_members::Column::OrganizationId).is_in(viewer.organizations.clone()),
                    )
                    .to_owned(),
            ),
        );
    }
    select
        .order_by_expr(Expr::cust("exact"), sea_orm::Order::Desc)
        .order_by_expr(Expr::cust(format!("length({title})")), sea_orm::Order::Asc)
        .order_by_expr(Expr::cust("r.id"), sea_orm::Order::Asc)
        .limit(MAX_RESULTS as u64);
    select
}

fn hit(kind: SearchKind, row: HitRow) -> SearchHit {
    let context = match kind {
        SearchKind::Organization => {
            row.context.parse::<OrganizationKind>().map(|k| k.label().to_owned()).unwrap_or(row.context)
        }
        SearchKind::Partnership => {
            row.context.parse::<PartnershipKind>().map(|k| format!("{} partnership", k.label())).unwrap_or(row.context)
        }
        _ => row.context,
    };
    let title = match (kind, row.held_on) {
        (SearchKind::CheckIn, Some(day)) => format!("Check-in of {}", day.format("%-d %B %Y")),
        _ => row.title,
    };
    SearchHit {
        kind,
        id: row.id,
        title,
        context,
        partnership_id: row.partnership_id,
        organization_id: row.organization_id,
        exact: row.exact != 0,
    }
}

impl Store {
    /// What `viewer` may find by `query` in their workspace: at most
    /// [`rapport_core::search::MAX_RESULTS`], ranked by [`rank`]. Every hit carries its
    /// partnership, for the app's own check.
    pub async fn search(&self, viewer: &Viewer, query: &SearchQuery) -> StoreResult<Vec<SearchHit>> {
        if query.words().is_empty() {
            return Ok(Vec::new());
        }
        let backend = self.backend();
        let mut hits = Vec::new();
        for shape in &SHAPES {
            let statement = backend.build(&select(shape, backend, viewer, query));
            for row in HitRow::find_by_statement(statement).all(&self.db).await? {
                hits.push(hit(shape.kind, row));
            }
        }
        Ok(rank(hits, query, MAX_RESULTS))
    }
}
