//! The JSON API under `/api/v1` (SPEC 6.2): problem+json errors, strict bodies, ETags, cursor
//! pagination, and an OpenAPI 3.1 document generated from the handlers' annotations.

mod accounts;
mod agreements;
mod directory;
mod export;
pub(crate) mod feeds;
pub(crate) mod import;
mod links;
mod network_map;
mod practices;
mod reminders;
mod reports;
mod search;
mod surveys;
mod trust;
mod webhooks;
mod work;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{CONTENT_TYPE, ETAG, IF_MATCH, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rapport_app::{Page, PageRequest};
use rapport_core::{FieldError, ValidationErrors};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

use crate::AppState;
use rapport_app::AppError;

#[derive(OpenApi)]
#[openapi(
    info(title = "Rapport API", description = "Partnership records, and the evidence of trust drawn from them."),
    components(schemas(Problem)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// The workspace a path names: `/api/v1/workspaces/{ws}/…`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct WorkspacePath {
    /// The workspace's id. One the caller does not belong to answers 404, like one that does not
    /// exist.
    pub ws: Uuid,
}

/// A record inside a workspace: `/api/v1/workspaces/{ws}/…/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RecordPath {
    /// The workspace's id.
    pub ws: Uuid,
    /// The record's id. One outside the caller's view answers 404, like one that does not exist.
    pub id: Uuid,
}

/// Declares a set of problem+json answers that operations list in their `responses(...)`.
macro_rules! problem_answers {
    ($($(#[$doc:meta])* $name:ident { $($status:literal => $description:literal,)+ })+) => {$(
        $(#[$doc])*
        pub struct $name;

        impl utoipa::IntoResponses for $name {
            fn responses() -> std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::response::Response>> {
                [$(($status, $description),)+]
                    .into_iter()
                    .map(|(status, description): (u16, &str)| (status.to_string(), problem_response(description).into()))
                    .collect()
            }
        }
    )+};
}

problem_answers! {
    /// Any operation that needs a signed-in caller.
    SignedIn {
        401 => "No valid session cookie or bearer token.",
    }
    /// Any operation inside a workspace (`/api/v1/workspaces/{ws}/…`).
    Scoped {
        401 => "No valid session cookie or bearer token.",
        404 => "The workspace or a record the path names does not exist or is outside the caller's view (an id \
                that is not a UUID names nothing either).",
    }
    /// A record named by the path, outside a workspace.
    NotFound {
        404 => "Nothing of that id is the caller's (an id that is not a UUID names nothing either).",
    }
    /// Operations that take a JSON body.
    Body {
        400 => "The body is not JSON.",
        413 => "The body is larger than the server takes.",
        415 => "The body is not sent as `application/json`.",
        422 => "A field is missing, unknown or not valid; `errors` names each with what is wrong.",
    }
    /// Operations with query parameters.
    Query {
        422 => "A query parameter is not valid; `errors` names it.",
    }
    /// Changes that a role may not be allowed to make.
    Forbidden {
        403 => "The caller's role does not allow this, on something they can see.",
    }
    /// Replacements that honour `If-Match`.
    Stale {
        412 => "`If-Match` names a version older than the record's (it has changed since it was read).",
    }
    /// Actions that depend on the state of what they touch.
    Conflict {
        409 => "The state of what this touches does not allow it now: its partnership is archived, the survey is not \
                open, the workspace would lose its last owner, ...",
    }
}

/// Answers any operation may give, whatever it does: `(status, description)`. Each is added to
/// every operation of the document (an operation's own description of that status is kept).
const ANSWERS_OF_EVERY_OPERATION: &[(u16, &str)] = &[
    (
        429,
        "Too many attempts from this address with secrets that open nothing (or, on sign-in, wrong passwords): \
           try again after `Retry-After` seconds.",
    ),
    (503, "The database is busy: nothing was changed; try again after `Retry-After` seconds."),
];

/// Answers any operation that changes something (POST, PUT, PATCH, DELETE) may give.
const ANSWERS_OF_EVERY_CHANGE: &[(u16, &str)] =
    &[(403, "A change made with a session cookie from another site (its `Origin` is not this server's).")];

/// A problem+json answer.
fn problem_response(description: &str) -> utoipa::openapi::response::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
        )
        .build()
}

/// Adds [`ANSWERS_OF_EVERY_OPERATION`] and [`ANSWERS_OF_EVERY_CHANGE`] to the document's
/// operations (run once every route is in it).
fn add_answers_of_every_operation(openapi: &mut utoipa::openapi::OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            (&mut item.get, false),
            (&mut item.post, true),
            (&mut item.put, true),
            (&mut item.patch, true),
            (&mut item.delete, true),
        ];
        for (operation, changes) in operations {
            let Some(operation) = operation else { continue };
            let extra = ANSWERS_OF_EVERY_OPERATION.iter().chain(if changes { ANSWERS_OF_EVERY_CHANGE } else { &[] });
            for (status, description) in extra {
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| problem_response(description).into());
            }
        }
    }
}

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API's routes and its OpenAPI description, built from the same handlers.
pub fn router() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(accounts::routes())
        .merge(directory::routes())
        .merge(work::routes())
        .merge(trust::routes())
        .merge(network_map::routes())
        .merge(surveys::routes())
        .merge(practices::routes())
        .merge(feeds::routes())
        .merge(export::routes())
        .merge(webhooks::routes())
        .merge(import::routes())
        .merge(reminders::routes())
        .merge(reports::routes())
        .merge(search::routes())
        .merge(agreements::routes())
        .merge(links::routes())
        .split_for_parts();
    add_answers_of_every_operation(&mut openapi);
    openapi.security = Some(vec![utoipa::openapi::security::SecurityRequirement::new("token", Vec::<String>::new())]);
    // Every answer under /api/v1 is JSON, the errors for unknown paths and methods included.
    let router = router
        .method_not_allowed_fallback(method_not_allowed)
        .route("/api/v1/{*rest}", axum::routing::any(unknown_route));
    (router, openapi)
}

async fn unknown_route() -> Response {
    problem(StatusCode::NOT_FOUND, "no such API route", vec![])
}

async fn method_not_allowed() -> Response {
    problem(StatusCode::METHOD_NOT_ALLOWED, "this route does not answer to this method", vec![])
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// For validation errors: each offending field and what is wrong with it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

pub fn problem(status: StatusCode, detail: impl Into<String>, errors: Vec<FieldError>) -> Response {
    let body = Problem {
        kind: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("Error").into(),
        status: status.as_u16(),
        detail: detail.into(),
        errors,
    };
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}

/// An application error as the API answers it: problem+json with the status SPEC 6.2 gives it.
#[derive(Debug)]
pub struct ApiError(pub AppError);

pub type ApiResult<T> = Result<T, ApiError>;

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        ApiError(err)
    }
}

impl From<rapport_core::ValidationErrors> for ApiError {
    fn from(errors: rapport_core::ValidationErrors) -> Self {
        ApiError(AppError::Invalid(errors))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self.0 {
            AppError::Unauthenticated => {
                let mut response = problem(StatusCode::UNAUTHORIZED, "sign in or send a valid API token", vec![]);
                response.headers_mut().insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                response
            }
            AppError::Forbidden(why) => problem(StatusCode::FORBIDDEN, why, vec![]),
            AppError::NotFound => problem(StatusCode::NOT_FOUND, "no such record", vec![]),
            AppError::Conflict(why) => problem(StatusCode::CONFLICT, why, vec![]),
            AppError::Stale => problem(
                StatusCode::PRECONDITION_FAILED,
                "the record has changed since you read it (If-Match is stale); fetch it again",
                vec![],
            ),
            AppError::Invalid(errors) => {
                problem(StatusCode::UNPROCESSABLE_ENTITY, format!("invalid input: {errors}"), errors.0)
            }
            AppError::BadRequest(why) => problem(StatusCode::BAD_REQUEST, why, vec![]),
            AppError::TooLarge(why) => problem(StatusCode::PAYLOAD_TOO_LARGE, why, vec![]),
            AppError::UnsupportedMediaType(why) => problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, why, vec![]),
            busy @ AppError::Busy(_) => {
                // The cause goes to the log; nothing was changed, and the client may try again.
                tracing::warn!(error = %busy.chain(), "database busy");
                let mut response = problem(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the database is busy; nothing was changed, try again in a few seconds",
                    vec![],
                );
                response.headers_mut().insert(RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
                response
            }
            throttled @ AppError::Throttled(seconds) => {
                let mut response = problem(StatusCode::TOO_MANY_REQUESTS, throttled.to_string(), vec![]);
                response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(seconds));
                response
            }
            internal @ AppError::Internal(_) => {
                // The details go to the log, never to the client.
                tracing::error!(error = %internal.chain(), "internal error");
                problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "something went wrong on our side; it has been logged",
                    vec![],
                )
            }
        }
    }
}

/// Seconds a client is asked to wait (`Retry-After`) when the database was busy.
pub const RETRY_AFTER_SECONDS: &str = "5";

/// A JSON body that must match its type exactly: unknown fields, missing fields and wrong types
/// answer 422 naming the field, and so does a text holding a control character (but tab and
/// newline). A body that is not `application/json` (or `application/…+json`) answers 415,
/// one that is not JSON 400, one over [`crate::guard::BODY_LIMIT`] 413.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(is_json_media_type);
        if !is_json {
            return Err(AppError::UnsupportedMediaType(
                "send the body as JSON with Content-Type: application/json".into(),
            )
            .into());
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| crate::guard::unreadable_body(&e))?;
        // Every body the API takes is an object; serde would also read a struct from an array
        // of its fields, so `[null, null]` would pass for a change of nothing.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            return Err(ValidationErrors::single(".", "the body must be a JSON object, not an array").into());
        }
        let value = parse_json(&bytes)?;
        if let Some(field) = control_characters_in(&bytes) {
            return Err(ValidationErrors::single(field, rapport_core::validate::CONTROL_CHARACTERS).into());
        }
        Ok(ApiJson(value))
    }
}

/// Whether a `Content-Type` names JSON: `application/json` or `application/<name>+json`, by type
/// and subtype (case-insensitive), whatever the parameters.
pub fn is_json_media_type(value: &str) -> bool {
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let Some(("application", subtype)) = essence.split_once('/') else { return false };
    let token = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c));
    subtype == "json" || subtype.strip_suffix("+json").is_some_and(token)
}

/// The first field of a JSON body whose text (or name) holds a control character but tab,
/// newline and the CR of a CRLF, as `items[2].text`. JSON can only carry one as an escape
/// (`\u0000`, `\b`, `\f`, a lone `\r`) or as DEL and the C1 range raw, so the body is walked
/// only when it holds one of those.
fn control_characters_in(bytes: &[u8]) -> Option<String> {
    let suspicious = bytes
        .windows(2)
        .any(|w| matches!(w, [b'\\', b'u' | b'b' | b'f' | b'r'] | [0xC2, 0x80..=0x9F]) || w[0] == 0x7F || w[1] == 0x7F);
    if !suspicious {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    first_control(&value, String::new())
}

fn first_control(value: &serde_json::Value, path: String) -> Option<String> {
    use rapport_core::validate::has_control_characters;
    match value {
        serde_json::Value::String(text) => has_control_characters(text).then(|| path_or_body(path)),
        serde_json::Value::Array(items) => {
            items.iter().enumerate().find_map(|(i, item)| first_control(item, format!("{path}[{i}]")))
        }
        serde_json::Value::Object(fields) => fields.iter().find_map(|(name, item)| {
            let here = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
            if has_control_characters(name) {
                return Some(path_or_body(path.clone()));
            }
            first_control(item, here)
        }),
        _ => None,
    }
}

fn path_or_body(path: String) -> String {
    if path.is_empty() { "body".into() } else { path }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            return AppError::BadRequest(format!("the body is not valid JSON: {inner}"));
        }
        let message = inner.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        let field = field_of(&path, &message);
        AppError::Invalid(ValidationErrors::single(field, message))
    })
}

/// The field a serde error is about. serde_path_to_error's path already ends in an unknown
/// field's name; a missing field is named only in the message.
fn field_of(path: &str, message: &str) -> String {
    match message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
        Some(name) if path == "." => name.to_owned(),
        Some(name) => format!("{path}.{name}"),
        None => path.to_owned(),
    }
}

/// Path parameters; an id that is not a UUID names nothing, so it answers 404 like a missing one.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|_| AppError::NotFound.into())
    }
}

/// Query parameters; a bad one answers 422 naming it, like a bad body field.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default().as_bytes();
        if let Some((name, _)) =
            form_urlencoded::parse(query).find(|(_, value)| rapport_core::validate::has_control_characters(value))
        {
            let name: String = name.chars().filter(|c| !c.is_control()).collect();
            return Err(ValidationErrors::single(name, rapport_core::validate::CONTROL_CHARACTERS).into());
        }
        axum::extract::Query::<T>::try_from_uri(&parts.uri).map(|axum::extract::Query(value)| ApiQuery(value)).map_err(
            |rejection| {
                // axum words it "Failed to deserialize query string: <field>: <what is wrong>".
                let text = rejection.body_text();
                let text = text.split_once(": ").map(|(_, rest)| rest).unwrap_or(&text);
                let (field, message) = text.split_once(": ").unwrap_or(("query", text));
                AppError::Invalid(ValidationErrors::single(field, message)).into()
            },
        )
    }
}

/// `limit`, `cursor` and `include_archived`, shared by every list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// At most 200; 50 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// Include archived records.
    pub include_archived: Option<bool>,
}

impl ListParams {
    pub fn page(&self) -> Result<PageRequest, AppError> {
        let limit = self.limit.unwrap_or(50);
        if !(1..=200).contains(&limit) {
            return Err(ValidationErrors::single("limit", "must be between 1 and 200").into());
        }
        let after = match &self.cursor {
            None => None,
            Some(cursor) => Some(decode_cursor(cursor).ok_or_else(|| {
                AppError::Invalid(ValidationErrors::single("cursor", "is not a cursor this API gave out"))
            })?),
        };
        Ok(PageRequest { after, limit, include_archived: self.include_archived.unwrap_or(false) })
    }
}

fn decode_cursor(cursor: &str) -> Option<Uuid> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    Uuid::from_slice(&bytes).ok()
}

fn encode_cursor(id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(id.as_bytes())
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct List<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl<T> From<Page<T>> for List<T> {
    fn from(page: Page<T>) -> Self {
        List { items: page.items, next_cursor: page.next_after.map(encode_cursor) }
    }
}

impl<T> List<T> {
    /// One page of a list that is loaded whole (a partnership's goals, an organisation's
    /// contacts: short by nature) and kept in a stable order. The cursor is the last item's id,
    /// so pages follow on from it even if items are added meanwhile.
    pub fn paged(items: Vec<T>, page: PageRequest, id: impl Fn(&T) -> Uuid) -> Result<List<T>, AppError> {
        let start = match page.after {
            None => 0,
            Some(after) => match items.iter().position(|item| id(item) == after) {
                Some(position) => position + 1,
                None => {
                    return Err(ValidationErrors::single(
                        "cursor",
                        "points at a record that is no longer in this list; start again without a cursor",
                    )
                    .into());
                }
            },
        };
        let rest = items.into_iter().skip(start);
        let mut items: Vec<T> = rest.take(page.limit as usize + 1).collect();
        let next_cursor = if items.len() as u64 > page.limit {
            items.truncate(page.limit as usize);
            items.last().map(|item| encode_cursor(id(item)))
        } else {
            None
        };
        Ok(List { items, next_cursor })
    }
}

/// A record with its version as a strong ETag.
pub fn versioned<T: Serialize>(status: StatusCode, version: i32, body: T) -> Response {
    let mut response = (status, Json(body)).into_response();
    response
        .headers_mut()
        .insert(ETAG, HeaderValue::from_str(&format!("\"{version}\"")).expect("digits are a valid header"));
    response
}

/// The version named by `If-Match`, if any. A value that is not one of our ETags cannot match.
pub fn if_match(headers: &HeaderMap) -> Result<Option<i32>, AppError> {
    let Some(value) = headers.get(IF_MATCH) else { return Ok(None) };
    let value = value.to_str().map_err(|_| AppError::Stale)?.trim();
    if value == "*" {
        return Ok(None);
    }
    value.trim_start_matches("W/").trim_matches('"').parse().map(Some).map_err(|_| AppError::Stale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::records::OrganizationDraft;

    #[test]
    fn unknown_and_missing_fields_are_named() {
        let err = parse_json::<OrganizationDraft>(br#"{"name":"A","kind":"school","colour":"red"}"#).unwrap_err();
        let AppError::Invalid(errors) = err else { panic!("expected a validation error") };
        assert_eq!(errors.0[0].field, "colour");
        let err = parse_json::<OrganizationDraft>(br#"{"kind":"school"}"#).unwrap_err();
        let AppError::Invalid(errors) = err else { panic!("expected a validation error") };
        assert_eq!(errors.0[0].field, "name");
    }

    #[test]
    fn json_is_named_by_type_and_subtype() {
        for yes in ["application/json", "Application/JSON; charset=utf-8", "application/merge-patch+json"] {
            assert!(is_json_media_type(yes), "{yes}");
        }
        for no in ["text/plain; x=+json", "text/plain", "application/jsonp", "application/+json", "text/json", ""] {
            assert!(!is_json_media_type(no), "{no}");
        }
    }

    #[test]
    fn control_characters_are_found_with_their_field() {
        let found = |body: &str| control_characters_in(body.as_bytes());
        assert_eq!(found(r#"{"name":"a\u0000"}"#).as_deref(), Some("name"));
        assert_eq!(found(r#"{"items":[{"text":"ok"},{"text":"\b"}]}"#).as_deref(), Some("items[1].text"));
        assert_eq!(found(r#"{"notes":"one\r\ntwo\tthree\n"}"#), None);
        assert_eq!(found(r#"{"notes":"a\\u0000 is how you write NUL"}"#), None);
        assert_eq!(found("{\"name\":\"\u{80}\"}").as_deref(), Some("name"));
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let id = Uuid::now_v7();
        assert_eq!(decode_cursor(&encode_cursor(id)), Some(id));
        assert_eq!(decode_cursor("not-a-cursor"), None);
    }
}
