//! A partnership's contribution ledger and its equity view.

use super::*;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/partnerships/{id}/contributions", get(show_contributions).post(add_contribution))
}

struct ContributionRow {
    organization: String,
    kind: String,
    amount: String,
    on: String,
    note: Option<String>,
}

struct ShareRow {
    name: String,
    records: u32,
    share: String,
}

struct KindRow {
    label: String,
    cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "contributions.html")]
struct ContributionsPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    shares: Vec<ShareRow>,
    balance: Option<String>,
    balance_note: String,
    kinds: Vec<KindRow>,
    member_names: Vec<String>,
    share_chart: String,
    trend_chart: String,
    rows: Vec<ContributionRow>,
    form: FormState,
    organizations: Vec<Choice>,
    contribution_kinds: Vec<Choice>,
    can_record: bool,
    window_days: i64,
}

fn percent(tr: &Tr, share: f64) -> String {
    tr.percent_whole(share * 100.0)
}

/// A kind of contribution in the page's language.
pub(crate) fn kind_name(tr: &Tr, kind: ContributionKind) -> String {
    match kind {
        ContributionKind::StaffHours => tr.t("contribution-kind-staff-hours"),
        ContributionKind::VolunteerHours => tr.t("contribution-kind-volunteer-hours"),
        ContributionKind::Money => tr.t("contribution-kind-money"),
        ContributionKind::InKind => tr.t("contribution-kind-in-kind"),
        ContributionKind::Facilities => tr.t("contribution-kind-facilities"),
        ContributionKind::Data => tr.t("contribution-kind-data"),
        ContributionKind::Expertise => tr.t("contribution-kind-expertise"),
        ContributionKind::CommunityConnections => tr.t("contribution-kind-community-connections"),
    }
}

/// A unit as stored: the ones Rapport gives by default ("hours", "times") in the page's language,
/// others as typed.
pub(crate) fn unit_name(tr: &Tr, unit: &str) -> String {
    match unit {
        "hours" => tr.t("contribution-unit-hours"),
        "times" => tr.t("contribution-unit-times"),
        typed => typed.to_owned(),
    }
}

async fn contributions_page(ui: &Ui, id: Uuid, form: Option<FormState>) -> UiResult<ContributionsPage> {
    let session = ui.session();
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let p = session.partnership(id).await?;
    let today = session.today();
    let equity: Equity = session.equity(id).await?;
    let mut ledger =
        session.contributions(id, PageRequest { after: None, limit: 200, include_archived: false }).await?.items;
    ledger.sort_by_key(|c| std::cmp::Reverse((c.contributed_on, c.id)));
    let names: std::collections::HashMap<Uuid, String> =
        p.members.iter().map(|m| (m.organization_id, m.organization_name.clone())).collect();
    let name = |org: Uuid| names.get(&org).cloned().unwrap_or_else(|| tr.t("names-former-member"));
    let member_names: Vec<String> = p.members.iter().map(|m| m.organization_name.clone()).collect();
    let kinds: Vec<KindRow> = equity
        .by_kind
        .iter()
        .map(|k| KindRow {
            label: format!("{} ({})", kind_name(&tr, k.kind), unit_name(&tr, &k.unit)),
            cells: p
                .members
                .iter()
                .map(|m| match k.members.iter().find(|s| s.organization_id == m.organization_id) {
                    Some(s) => format!(
                        "{} · {}",
                        format::quantity_in(&tr, s.amount, Some(&unit_name(&tr, &k.unit))),
                        percent(&tr, s.share)
                    ),
                    None => "—".to_owned(),
                })
                .collect(),
        })
        .collect();
    let mut bars: Vec<(String, Vec<f64>)> =
        vec![(tr.t("contributions-all-by-number"), equity.members.iter().map(|m| m.share.unwrap_or(0.0)).collect())];
    for k in &equity.by_kind {
        bars.push((
            format!("{} ({})", kind_name(&tr, k.kind), unit_name(&tr, &k.unit)),
            p.members
                .iter()
                .map(|m| {
                    k.members.iter().find(|s| s.organization_id == m.organization_id).map(|s| s.share).unwrap_or(0.0)
                })
                .collect(),
        ));
    }
    let has_any = equity.members.iter().any(|m| m.records > 0);
    let trend: Vec<TrendPoint> = equity.trend.iter().map(|b| TrendPoint { on: b.on, value: b.balance }).collect();
    let form = form.unwrap_or_else(|| {
        let mut data =
            FormData::from_pairs([("contributed_on", today.to_string()), ("kind", "staff_hours".to_owned())]);
        if let Some(own) = ui.viewer.organizations.iter().find(|o| p.member_ids().contains(o)) {
            data.set("organization_id", own.to_string());
        }
        FormState::new(data)
    });
    Ok(ContributionsPage {
        chrome,
        ws: ui.ws().to_string(),
        shares: equity
            .members
            .iter()
            .map(|m| ShareRow {
                name: m.organization_name.clone(),
                records: m.records,
                share: m.share.map(|s| percent(&tr, s)).unwrap_or_else(|| "—".to_owned()),
            })
            .collect(),
        balance: equity.balance.map(|b| tr.a("contributions-balance-of-100", [("value", format!("{:.0}", b * 100.0))])),
        balance_note: match equity.balance {
            None => tr.t("contributions-balance-no-data"),
            Some(b) if b >= 0.7 => tr.t("contributions-balance-even"),
            Some(b) if b >= 0.4 => tr.t("contributions-balance-uneven"),
            Some(_) => tr.t("contributions-balance-one-sided"),
        },
        kinds,
        share_chart: if has_any {
            charts::share_bars_in(&tr, &bars, &member_names, &tr.t("contributions-share-chart"))
        } else {
            String::new()
        },
        trend_chart: charts::trend_chart_in(&tr, &trend, &tr.t("contributions-trend-chart"), 100.0),
        member_names,
        rows: ledger
            .iter()
            .map(|c| ContributionRow {
                organization: name(c.organization_id),
                kind: kind_name(&tr, c.kind),
                amount: format::quantity_in(&tr, c.amount, Some(&unit_name(&tr, &c.unit))),
                on: tr.day(c.contributed_on),
                note: c.note.clone(),
            })
            .collect(),
        form: form.speaking(tr),
        organizations: member_choices(&p),
        contribution_kinds: ContributionKind::ALL.iter().map(|k| Choice::new(k.as_str(), kind_name(&tr, *k))).collect(),
        can_record: ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none(),
        window_days: equity.window_days,
        p,
    })
}

async fn show_contributions(ui: Ui, Id(id): Id) -> UiResult {
    Ok(render(&contributions_page(&ui, id, None).await?))
}

async fn add_contribution(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let organization_id = form.required_id(&mut errors, "organization_id", "an organisation");
    let amount = form.optional_number(&mut errors, "amount");
    if amount.is_none() && !form.has("amount") || form.get("amount").trim().is_empty() {
        errors.add("amount", "is required");
    }
    let contributed_on = form.date(&mut errors, "contributed_on");
    let result = match (organization_id, amount, contributed_on) {
        (Some(organization_id), Some(amount), Some(contributed_on)) if errors.is_empty() => {
            let draft = ContributionDraft {
                organization_id,
                kind: form.get("kind").to_owned(),
                amount,
                unit: form.optional("unit"),
                contributed_on,
                note: form.optional("note"),
            };
            ui.session().add_contribution(id, &draft).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/partnerships/{id}/contributions"), "contribution")),
        Outcome::Again(form) => {
            let status = form.status();
            Ok(render_with_status(status, &contributions_page(&ui, id, Some(form)).await?))
        }
    }
}
