//! Charts drawn by the server as inline SVG (SPEC 6.3): no script, no external asset. Every
//! chart carries a text alternative, and the page beside it shows the numbers themselves.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};
use rapport_core::trust::{Estimate, TrendPoint};

use crate::i18n::Tr;

/// Escapes text for SVG/HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The tone of a 0–100 score, for colour (always shown beside the number itself).
pub fn tone(value: f64) -> &'static str {
    if value >= 70.0 {
        "good"
    } else if value >= 50.0 {
        "fair"
    } else {
        "poor"
    }
}

/// Maps 0–100 to a y coordinate inside `[top, top + height]`.
fn y_of(value: f64, top: f64, height: f64) -> f64 {
    top + height * (1.0 - value.clamp(0.0, 100.0) / 100.0)
}

/// Polyline segments of a trend, broken where a point has no value.
fn segments(points: &[TrendPoint], x_of: impl Fn(usize) -> f64, top: f64, height: f64) -> Vec<Vec<(f64, f64)>> {
    let mut segments = Vec::new();
    let mut current = Vec::new();
    for (i, point) in points.iter().enumerate() {
        match point.value {
            Some(v) => current.push((x_of(i), y_of(v, top, height))),
            None if !current.is_empty() => segments.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    segments
}

fn path_of(segment: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in segment.iter().enumerate() {
        let _ = write!(d, "{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" });
    }
    d
}

/// A one-line summary of a trend for screen readers and tooltips, in the page's language.
pub fn describe_trend_in(tr: &Tr, points: &[TrendPoint], what: &str, percent: bool) -> String {
    let known: Vec<&TrendPoint> = points.iter().filter(|p| p.value.is_some()).collect();
    let show = |v: f64| if percent { tr.percent_whole(v * 100.0) } else { format!("{v:.0}") };
    let what = what.to_owned();
    match (known.first(), known.last()) {
        (Some(first), Some(last)) if known.len() > 1 => {
            let month = tr.month_long(first.on);
            tr.a(
                "chart-trend-went",
                [
                    ("what", what),
                    ("first", show(first.value.unwrap_or_default())),
                    (
                        "first_month",
                        tr.a("chart-month-year", [("month", month), ("year", first.on.year().to_string())]),
                    ),
                    ("last", show(last.value.unwrap_or_default())),
                    ("last_day", tr.long_day(last.on)),
                ],
            )
        }
        (Some(only), _) => tr.a(
            "chart-trend-was",
            [("what", what), ("value", show(only.value.unwrap_or_default())), ("day", tr.long_day(only.on))],
        ),
        _ => tr.a("chart-trend-none", [("what", what.to_lowercase())]),
    }
}

/// A month's short name, for a chart's axis: "Dec", "dic".
fn short_month(tr: &Tr, day: NaiveDate) -> String {
    match day.month() {
        1 => tr.t("chart-month-jan"),
        2 => tr.t("chart-month-feb"),
        3 => tr.t("chart-month-mar"),
        4 => tr.t("chart-month-apr"),
        5 => tr.t("chart-month-may"),
        6 => tr.t("chart-month-jun"),
        7 => tr.t("chart-month-jul"),
        8 => tr.t("chart-month-aug"),
        9 => tr.t("chart-month-sep"),
        10 => tr.t("chart-month-oct"),
        11 => tr.t("chart-month-nov"),
        _ => tr.t("chart-month-dec"),
    }
}

/// A small line of a 0–100 trend for tables: no axes, the last point marked, described in the
/// page's language.
pub fn sparkline_in(tr: &Tr, points: &[TrendPoint], label: &str) -> String {
    const W: f64 = 120.0;
    const H: f64 = 32.0;
    let step = if points.len() > 1 { (W - 6.0) / (points.len() - 1) as f64 } else { 0.0 };
    let x_of = |i: usize| 3.0 + step * i as f64;
    let description = describe_trend_in(tr, points, label, false);
    let mut svg = format!(
        r#"<svg class="sparkline" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{}"><title>{}</title>"#,
        escape(&description),
        escape(&description)
    );
    let _ =
        write!(svg, r#"<line class="guide" x1="0" x2="{W}" y1="{y:.1}" y2="{y:.1}"/>"#, y = y_of(50.0, 3.0, H - 6.0));
    for segment in segments(points, x_of, 3.0, H - 6.0) {
        let _ = write!(svg, r#"<path class="line" d="{}"/>"#, path_of(&segment));
    }
    if let Some((i, value)) = points.iter().enumerate().rev().find_map(|(i, p)| p.value.map(|v| (i, v))) {
        let _ = write!(
            svg,
            r#"<circle class="dot tone-{}" cx="{:.1}" cy="{:.1}" r="3"/>"#,
            tone(value),
            x_of(i),
            y_of(value, 3.0, H - 6.0)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A trend chart with a 0–100 axis and month labels, its words in the page's language. `scale`
/// turns stored values into the axis's 0–100 (100 for reliability's 0–1, 1 for the health index).
pub fn trend_chart_in(tr: &Tr, points: &[TrendPoint], label: &str, scale: f64) -> String {
    // A narrow canvas, so labels stay readable when a phone scales the chart down.
    const W: f64 = 480.0;
    const H: f64 = 200.0;
    const LEFT: f64 = 36.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 28.0;
    let scaled: Vec<TrendPoint> =
        points.iter().map(|p| TrendPoint { on: p.on, value: p.value.map(|v| v * scale) }).collect();
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let step = if scaled.len() > 1 { plot_w / (scaled.len() - 1) as f64 } else { 0.0 };
    let x_of = |i: usize| LEFT + step * i as f64;
    let description = describe_trend_in(tr, points, label, scale > 1.0);
    let mut svg = format!(
        r#"<svg class="trend-chart" viewBox="0 0 {W} {H}" role="img" aria-label="{}" preserveAspectRatio="xMidYMid meet"><title>{}</title>"#,
        escape(&description),
        escape(&description)
    );
    for tick in [0.0, 50.0, 100.0] {
        let y = y_of(tick, TOP, plot_h);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">{tick:.0}</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0
        );
    }
    for (i, point) in scaled.iter().enumerate() {
        // Label every other month on narrow charts so labels never collide.
        if scaled.len() <= 7 || i % 2 == (scaled.len() - 1) % 2 {
            let _ = write!(
                svg,
                r#"<text class="axis" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
                x_of(i),
                H - 8.0,
                escape(&short_month(tr, point.on))
            );
        }
    }
    for segment in segments(&scaled, x_of, TOP, plot_h) {
        let _ = write!(svg, r#"<path class="line" d="{}"/>"#, path_of(&segment));
    }
    for (i, point) in scaled.iter().enumerate() {
        if let Some(v) = point.value {
            let _ = write!(
                svg,
                r#"<circle class="dot tone-{}" cx="{:.1}" cy="{:.1}" r="4"><title>{}: {v:.0}</title></circle>"#,
                tone(v),
                x_of(i),
                y_of(v, TOP, plot_h),
                escape(&tr.a(
                    "chart-point",
                    [
                        ("day", point.on.day().to_string()),
                        ("month", short_month(tr, point.on)),
                        ("year", point.on.year().to_string())
                    ]
                ))
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Reliability as a bar from 0 to 100 %: the credible interval as a band, `E` as a marker.
pub fn interval_bar_in(tr: &Tr, estimate: Option<&Estimate>, label: &str) -> String {
    const W: f64 = 200.0;
    const H: f64 = 18.0;
    match estimate {
        None => format!(
            r#"<svg class="interval-bar" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{}"><rect class="track" x="0" y="6" width="{W}" height="6" rx="3"/></svg>"#,
            escape(&tr.a("chart-interval-none", [("label", label.to_owned())]))
        ),
        Some(e) => {
            let x = |v: f64| (v.clamp(0.0, 1.0) * W * 10.0).round() / 10.0;
            let description = tr.a(
                "chart-interval",
                [
                    ("label", label.to_owned()),
                    ("expected", tr.percent_whole(e.expected * 100.0)),
                    ("level", tr.percent_whole(e.level * 100.0)),
                    ("low", tr.percent_whole(e.low * 100.0)),
                    ("high", tr.percent_whole(e.high * 100.0)),
                ],
            );
            format!(
                r#"<svg class="interval-bar" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{d}"><title>{d}</title><rect class="track" x="0" y="6" width="{W}" height="6" rx="3"/><rect class="band tone-{t}" x="{lo}" y="3" width="{bw:.1}" height="12" rx="3"/><rect class="marker" x="{m:.1}" y="0" width="3" height="{H}" rx="1"/></svg>"#,
                d = escape(&description),
                t = tone(e.expected * 100.0),
                lo = x(e.low),
                bw = (x(e.high) - x(e.low)).max(2.0),
                m = (x(e.expected) - 1.5).max(0.0),
            )
        }
    }
}

/// A 0–100 score as a horizontal bar, its spoken words in the page's language; an empty track
/// when there is no value.
pub fn score_bar_in(tr: &Tr, value: Option<f64>, label: &str) -> String {
    score_bar_toned(tr, value, label, value.map(tone).unwrap_or("neutral"))
}

/// A 0–100 score as a horizontal bar in one colour, for numbers where low is not bad.
pub fn neutral_bar(value: f64, label: &str) -> String {
    score_bar_toned(&Tr::english(), Some(value), label, "neutral")
}

fn score_bar_toned(tr: &Tr, value: Option<f64>, label: &str, tone: &str) -> String {
    const W: f64 = 160.0;
    const H: f64 = 10.0;
    match value {
        Some(v) => format!(
            r#"<svg class="score-bar" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{l}"><rect class="track" x="0" y="0" width="{W}" height="{H}" rx="5"/><rect class="fill tone-{t}" x="0" y="0" width="{fw:.1}" height="{H}" rx="5"/></svg>"#,
            l = escape(&tr.a("chart-score-of-100", [("label", label.to_owned()), ("value", format!("{v:.0}"))])),
            t = tone,
            fw = (v.clamp(0.0, 100.0) / 100.0 * W).max(3.0)
        ),
        None => format!(
            r#"<svg class="score-bar" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{}"><rect class="track" x="0" y="0" width="{W}" height="{H}" rx="5"/></svg>"#,
            escape(&tr.a("chart-score-no-data", [("label", label.to_owned())]))
        ),
    }
}

/// Stacked horizontal bars, one per row, each split into the members' shares (0–1) in member
/// order; segment `i` has the class `member-{i}` (a colour of the legend beside the chart). Each
/// row is its own SVG under an HTML label, so labels keep their size on a phone. Percentages
/// are written the page's language's way.
pub fn share_bars_in(tr: &Tr, rows: &[(String, Vec<f64>)], members: &[String], label: &str) -> String {
    let mut html = format!(r#"<div class="share-bars" role="group" aria-label="{}">"#, escape(label));
    for (name, shares) in rows {
        let parts: Vec<String> = shares
            .iter()
            .enumerate()
            .map(|(i, share)| {
                format!("{} {}", members.get(i).map(String::as_str).unwrap_or(""), tr.percent_whole(share * 100.0))
            })
            .collect();
        let description = format!("{name}: {}", parts.join(", "));
        let _ = write!(
            html,
            r#"<div class="share-row"><p class="share-label" aria-hidden="true">{}</p><svg class="share-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{d}"><title>{d}</title><rect class="track" x="0" y="0" width="100" height="10"/>"#,
            escape(name),
            d = escape(&description)
        );
        let mut x = 0.0;
        for (i, share) in shares.iter().enumerate() {
            let width = share.clamp(0.0, 1.0) * 100.0;
            if width > 0.0 {
                let _ = write!(
                    html,
                    r#"<rect class="share member-{}" x="{x:.2}" y="0" width="{width:.2}" height="10"/>"#,
                    i % 6
                );
                x += width;
            }
        }
        html.push_str("</svg></div>");
    }
    html.push_str("</div>");
    html
}

/// A share of answers (0–100 %) as a neutral horizontal bar: a count is not good or bad, so it
/// takes no tone, and nothing (0) draws no fill at all.
pub fn share_bar_in(tr: &Tr, percent: f64, label: &str) -> String {
    const W: f64 = 160.0;
    const H: f64 = 10.0;
    let width = percent.clamp(0.0, 100.0) / 100.0 * W;
    let fill = if width > 0.0 {
        format!(r#"<rect class="fill tone-neutral" x="0" y="0" width="{width:.1}" height="{H}" rx="5"/>"#)
    } else {
        String::new()
    };
    format!(
        r#"<svg class="score-bar" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{l}"><rect class="track" x="0" y="0" width="{W}" height="{H}" rx="5"/>{fill}</svg>"#,
        l = escape(
            &tr.a("chart-share-of-answers", [("label", label.to_owned()), ("percent", tr.percent_whole(percent))])
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn point(d: u32, value: Option<f64>) -> TrendPoint {
        TrendPoint { on: NaiveDate::from_ymd_opt(2026, d, 28).unwrap(), value }
    }

    #[test]
    fn gaps_in_a_trend_break_the_line_instead_of_inventing_values() {
        let points = [point(1, Some(40.0)), point(2, None), point(3, Some(60.0)), point(4, Some(70.0))];
        let svg = sparkline_in(&Tr::english(), &points, "Health");
        assert_eq!(svg.matches("<path").count(), 2, "{svg}");
        assert!(svg.contains("went from 40 at the end of January 2026 to 70"), "{svg}");
    }

    #[test]
    fn charts_escape_their_labels() {
        let svg = trend_chart_in(&Tr::english(), &[point(1, Some(10.0))], "Health of <Reading & Co>", 1.0);
        assert!(svg.contains("&lt;Reading &amp; Co&gt;") && !svg.contains("<Reading"), "{svg}");
    }

    #[test]
    fn an_interval_without_estimate_says_so() {
        assert!(interval_bar_in(&Tr::english(), None, "Library").contains("not enough evidence"));
        let e = Estimate { expected: 0.8, low: 0.6, high: 0.93, level: 0.9 };
        let svg = interval_bar_in(&Tr::english(), Some(&e), "Library");
        assert!(svg.contains("80% expected, 90% likely between 60% and 93%"), "{svg}");
    }
}
