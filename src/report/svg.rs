//! Inline SVG charts for `report.html`, written by hand: two bar charts do
//! not justify a plotting crate, and plain SVG renders in every browser
//! without scripts or network.

use std::fmt::Write;

use super::lang::Lang;

/// Escapes text for SVG/XML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Category colours (staff, premises, other) and their light budget tone.
pub const COLOURS: [(&str, &str); 3] = [
    ("#1f5f7a", "#b9d3de"),
    ("#c8642b", "#f0cdb8"),
    ("#4f7f3a", "#c9dcbf"),
];

/// A step of 1, 2 or 5 × 10^k that gives about `ticks` grid lines up to `max`.
fn nice_step(max: f64, ticks: f64) -> f64 {
    let raw = (max / ticks).max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// One group of the cost chart: a year and, per category, (planned, budget).
pub struct CostGroup {
    pub label: String,
    pub values: Vec<(f64, f64)>,
}

/// Grouped bars: per year, per category a dark bar (planned) beside a light
/// bar (budget), y axis in mnkr.
pub fn cost_chart(groups: &[CostGroup], categories: &[&str], lang: Lang) -> String {
    let (w, h) = (900.0, 360.0);
    let (left, right, top, bottom) = (64.0, 16.0, 48.0, 40.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let max = groups
        .iter()
        .flat_map(|g| g.values.iter().flat_map(|(p, b)| [*p, *b]))
        .fold(0.0f64, f64::max)
        .max(1.0);
    let step = nice_step(max, 5.0);
    let top_value = (max / step).ceil() * step;
    let y = |v: f64| top + plot_h - v / top_value * plot_h;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{}" class="chart">"#,
        esc(lang.t("costs"))
    );
    // Grid and y labels (mnkr).
    let mut v = 0.0;
    while v <= top_value + 0.5 {
        let yy = y(v);
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{yy:.1}" x2="{}" y2="{yy:.1}" stroke="#d5dbe0" stroke-width="1"/><text x="{}" y="{:.1}" text-anchor="end" font-size="12" fill="#333">{}</text>"##,
            w - right,
            left - 6.0,
            yy + 4.0,
            esc(&lang.dec(v / 1e6, if step < 1e5 { 2 } else { 1 }))
        );
        v += step;
    }
    let _ = write!(
        s,
        r##"<text x="12" y="{:.1}" font-size="12" fill="#333" transform="rotate(-90 12 {:.1})" text-anchor="middle">{}</text>"##,
        top + plot_h / 2.0,
        top + plot_h / 2.0,
        esc(lang.t("mnkr"))
    );
    // Legend.
    let mut lx = left;
    for (c, name) in categories.iter().enumerate() {
        let (dark, light) = COLOURS[c % COLOURS.len()];
        let _ = write!(
            s,
            r##"<rect x="{lx}" y="12" width="14" height="14" fill="{dark}"/><rect x="{}" y="12" width="14" height="14" fill="{light}" stroke="{dark}"/><text x="{}" y="24" font-size="13" fill="#222">{}</text>"##,
            lx + 16.0,
            lx + 36.0,
            esc(name)
        );
        lx += 150.0;
    }
    let _ = write!(
        s,
        r##"<text x="{lx}" y="24" font-size="13" fill="#222">{} / {}</text>"##,
        esc(&format!("■ {}", lang.t("planned"))),
        esc(&format!("□ {}", lang.t("budget")))
    );
    // Bars.
    let gw = plot_w / groups.len().max(1) as f64;
    for (gi, g) in groups.iter().enumerate() {
        let gx = left + gi as f64 * gw;
        let n = g.values.len().max(1) as f64;
        let slot = (gw - 24.0) / n;
        let bw = (slot - 6.0) / 2.0;
        for (c, (planned, budget)) in g.values.iter().enumerate() {
            let (dark, light) = COLOURS[c % COLOURS.len()];
            let x0 = gx + 12.0 + c as f64 * slot;
            let name = categories.get(c).copied().unwrap_or("");
            for (k, (value, fill, what)) in [
                (*planned, dark, lang.t("planned")),
                (*budget, light, lang.t("budget")),
            ]
            .into_iter()
            .enumerate()
            {
                let x = x0 + k as f64 * bw;
                let yy = y(value.max(0.0));
                let _ = write!(
                    s,
                    r#"<rect x="{x:.1}" y="{yy:.1}" width="{bw:.1}" height="{:.1}" fill="{fill}" stroke="{dark}" stroke-width="{}"><title>{}</title></rect>"#,
                    top + plot_h - yy,
                    if k == 1 { 1 } else { 0 },
                    esc(&format!(
                        "{} {} {}: {} {}",
                        g.label,
                        name,
                        what,
                        lang.int(value),
                        lang.t("sek")
                    ))
                );
            }
            if planned > budget {
                let _ = write!(
                    s,
                    r##"<text x="{:.1}" y="{:.1}" font-size="14" font-weight="bold" fill="#b00020" text-anchor="middle">!</text>"##,
                    x0 + bw / 2.0,
                    y(*planned) - 4.0
                );
            }
        }
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="13" fill="#222" text-anchor="middle">{}</text>"##,
            gx + gw / 2.0,
            h - bottom + 20.0,
            esc(&g.label)
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{:.1}" x2="{}" y2="{:.1}" stroke="#555" stroke-width="1"/></svg>"##,
        top + plot_h,
        w - right,
        top + plot_h
    );
    s
}

/// Horizontal stacked bars, one per person: hours split into parts.
pub fn stacked_hours(
    rows: &[(String, Vec<f64>)],
    parts: &[(&str, &str)],
    title: &str,
    lang: Lang,
) -> String {
    let (w, row_h) = (900.0, 30.0);
    let (left, right, top) = (170.0, 70.0, 40.0);
    let h = top + rows.len() as f64 * row_h + 24.0;
    let plot_w = w - left - right;
    let max = rows
        .iter()
        .map(|(_, v)| v.iter().map(|x| x.max(0.0)).sum::<f64>())
        .fold(0.0f64, f64::max)
        .max(1.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{}" class="chart">"#,
        esc(title)
    );
    let mut lx = left;
    for (name, colour) in parts {
        let _ = write!(
            s,
            r##"<rect x="{lx}" y="10" width="14" height="14" fill="{colour}"/><text x="{}" y="22" font-size="13" fill="#222">{}</text>"##,
            lx + 18.0,
            esc(name)
        );
        lx += 190.0;
    }
    for (i, (name, values)) in rows.iter().enumerate() {
        let yy = top + i as f64 * row_h;
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="13" fill="#222" text-anchor="end">{}</text>"##,
            left - 8.0,
            yy + 18.0,
            esc(name)
        );
        let mut x = left;
        for (k, v) in values.iter().enumerate() {
            let v = v.max(0.0);
            let bw = v / max * plot_w;
            let (part, colour) = parts.get(k).copied().unwrap_or(("", "#999"));
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{:.1}" width="{bw:.1}" height="{:.1}" fill="{colour}"><title>{}</title></rect>"#,
                yy + 4.0,
                row_h - 10.0,
                esc(&format!("{name}: {part} {} h", lang.dec(v, 1)))
            );
            x += bw;
        }
        let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#333">{} h</text>"##,
            x + 6.0,
            yy + 18.0,
            esc(&lang.dec(total, 0))
        );
    }
    s.push_str("</svg>");
    s
}

/// One scenario of the cost-vs-reach chart.
pub struct ScatterPoint {
    pub label: String,
    /// Planned cost of the compared year, SEK.
    pub cost: f64,
    /// Share of the outer areas' inhabitants reached, 0–1.
    pub reach: f64,
    pub pareto: bool,
    /// Over its budget in some category and year: drawn as a red diamond
    /// with "!" in its label.
    pub over_budget: bool,
}

/// A label's box on the chart: x0, y0, x1, y1.
type Boxed = (f64, f64, f64, f64);

fn overlap(a: Boxed, b: Boxed) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Width of `text` at 11 px (a conservative average of 6.4 px a character).
fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * 6.4
}

/// The first of `candidates` (text origins, baseline left) where a label
/// of width `lw` (font height about 10 px) stays within `bounds` and covers
/// nothing in `taken`, which its box then joins. `None` when every place
/// is taken: the label is left out rather than drawn over another.
fn first_free(
    candidates: &[(f64, f64)],
    lw: f64,
    bounds: Boxed,
    taken: &mut Vec<Boxed>,
) -> Option<(f64, f64)> {
    let chosen = candidates.iter().copied().find(|&(tx, ty)| {
        let b = (tx, ty - 10.0, tx + lw, ty + 2.0);
        b.0 >= bounds.0
            && b.1 >= bounds.1
            && b.2 <= bounds.2
            && b.3 <= bounds.3
            && !taken.iter().any(|t| overlap(*t, b))
    })?;
    taken.push((chosen.0, chosen.1 - 10.0, chosen.0 + lw, chosen.1 + 2.0));
    Some(chosen)
}

/// Places a label of width `lw` next to a mark of radius `r` at (cx, cy):
/// the first of eight places around it that is free (see [`first_free`]).
fn place_label(
    (cx, cy, r): (f64, f64, f64),
    lw: f64,
    bounds: Boxed,
    taken: &mut Vec<Boxed>,
) -> Option<(f64, f64)> {
    let candidates = [
        (cx + r + 2.0, cy + 4.0),
        (cx - r - 2.0 - lw, cy + 4.0),
        (cx - lw / 2.0, cy - r - 2.0),
        (cx - lw / 2.0, cy + r + 11.0),
        (cx + r + 2.0, cy - 8.0),
        (cx + r + 2.0, cy + 16.0),
        (cx - r - 2.0 - lw, cy - 8.0),
        (cx - r - 2.0 - lw, cy + 16.0),
    ];
    first_free(&candidates, lw, bounds, taken)
}

/// Cost (x, mnkr) against the share of inhabitants reached (y, %): one
/// point per planned scenario, the Pareto-efficient ones filled and
/// labelled in bold, a dashed vertical line at the yearly budget.
pub fn cost_reach_chart(points: &[ScatterPoint], budget: f64, lang: Lang) -> String {
    let (w, h) = (900.0, 380.0);
    let (left, right, top, bottom) = (64.0, 24.0, 40.0, 48.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    // Axes fit the points (with the budget when it is near them), so that
    // close alternatives stay apart.
    let lo_pts = points.iter().map(|p| p.cost).fold(f64::INFINITY, f64::min);
    let hi_pts = points
        .iter()
        .map(|p| p.cost)
        .fold(f64::NEG_INFINITY, f64::max);
    let (lo_pts, hi_pts) = if lo_pts.is_finite() {
        (lo_pts, hi_pts)
    } else {
        (budget, budget)
    };
    let near = (hi_pts - lo_pts).max(0.05 * hi_pts.abs()).max(1.0);
    let show_budget = budget > 0.0 && budget <= hi_pts + near && budget >= lo_pts - near;
    let (lo_raw, hi_raw) = if show_budget {
        (lo_pts.min(budget), hi_pts.max(budget))
    } else {
        (lo_pts, hi_pts)
    };
    let step = nice_step((hi_raw - lo_raw).max(1.0), 5.0);
    let lo = (((lo_raw - step / 2.0) / step).floor() * step).max(0.0);
    let hi = ((hi_raw + step / 2.0) / step).ceil() * step;
    let min_share = points.iter().map(|p| p.reach).fold(1.0, f64::min);
    let y_lo = ((min_share - 0.05) * 10.0).floor().clamp(0.0, 9.0) / 10.0;
    let x = |v: f64| left + (v - lo) / (hi - lo).max(1.0) * plot_w;
    let y = |share: f64| top + plot_h - (share.clamp(y_lo, 1.0) - y_lo) / (1.0 - y_lo) * plot_h;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{}" class="chart">"#,
        esc(lang.t("batch_chart_title"))
    );
    let ticks = ((1.0 - y_lo) * 10.0).round() as u32;
    let every = if ticks > 5 { 2 } else { 1 };
    for k in (0..=ticks).filter(|k| k % every == 0) {
        let share = y_lo + k as f64 / 10.0;
        let yy = y(share);
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{yy:.1}" x2="{}" y2="{yy:.1}" stroke="#d5dbe0" stroke-width="1"/><text x="{}" y="{:.1}" text-anchor="end" font-size="12" fill="#333">{} %</text>"##,
            w - right,
            left - 8.0,
            yy + 4.0,
            (share * 100.0).round()
        );
    }
    let mut v = lo;
    while v <= hi + step / 2.0 {
        let xx = x(v);
        let _ = write!(
            s,
            r##"<line x1="{xx:.1}" y1="{top}" x2="{xx:.1}" y2="{:.1}" stroke="#eef1f3" stroke-width="1"/><text x="{xx:.1}" y="{:.1}" text-anchor="middle" font-size="12" fill="#333">{}</text>"##,
            top + plot_h,
            top + plot_h + 18.0,
            esc(&lang.dec(v / 1e6, if step < 1e5 { 2 } else { 1 }))
        );
        v += step;
    }
    let bx = x(budget);
    let budget_note = format!(
        "{} {} {} →",
        lang.t("budget"),
        lang.dec(budget / 1e6, 1),
        lang.t("mnkr")
    );
    if !show_budget {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#b00020" text-anchor="end">{}</text>"##,
            w - right,
            top + 12.0,
            esc(&budget_note),
        );
    }
    if show_budget {
        let _ = write!(
            s,
            r##"<line x1="{bx:.1}" y1="{top}" x2="{bx:.1}" y2="{:.1}" stroke="#b00020" stroke-width="1.5" stroke-dasharray="6 4"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#b00020">{}</text>"##,
            top + plot_h,
            bx + 4.0,
            top + 12.0,
            esc(lang.t("budget"))
        );
    }
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#333" text-anchor="middle">{}</text><text x="14" y="{:.1}" font-size="12" fill="#333" transform="rotate(-90 14 {:.1})" text-anchor="middle">{}</text>"##,
        left + plot_w / 2.0,
        h - 8.0,
        esc(lang.t("batch_chart_x")),
        top + plot_h / 2.0,
        top + plot_h / 2.0,
        esc(lang.t("batch_chart_y"))
    );
    let _ = write!(
        s,
        r##"<circle cx="{left}" cy="20" r="6" fill="#c8642b" stroke="#7a3a14"/><text x="{}" y="24" font-size="13" fill="#222">{}</text><circle cx="{}" cy="20" r="5" fill="#fff" stroke="#555"/><text x="{}" y="24" font-size="13" fill="#222">{}</text>"##,
        left + 12.0,
        esc(lang.t("pareto_efficient")),
        left + 220.0,
        left + 232.0,
        esc(lang.t("dominated"))
    );
    let lx = left + 232.0 + text_width(lang.t("dominated")) * 13.0 / 11.0 + 24.0;
    let _ = write!(
        s,
        r##"<path d="M{lx:.1} 13 L{:.1} 20 L{lx:.1} 27 L{:.1} 20 Z" fill="#fde8eb" stroke="#b00020" stroke-width="2"/><text x="{:.1}" y="24" font-size="13" fill="#b00020">{} !</text>"##,
        lx + 7.0,
        lx - 7.0,
        lx + 12.0,
        esc(lang.t("over_budget"))
    );
    // Markers: a point on top of an earlier one is moved a little around
    // it, so every scenario stays visible (its tooltip keeps the numbers).
    let mut centres: Vec<(f64, f64)> = Vec::new();
    for p in points {
        let (mut cx, mut cy) = (x(p.cost), y(p.reach));
        let mut k = 0;
        while centres
            .iter()
            .any(|(ax, ay)| (ax - cx).abs() < 6.0 && (ay - cy).abs() < 6.0)
            && k < 12
        {
            let angle = std::f64::consts::PI / 3.0 * k as f64;
            let radius = 9.0 * (1 + k / 6) as f64;
            cx = x(p.cost) + radius * angle.cos();
            cy = y(p.reach) + radius * angle.sin();
            k += 1;
        }
        centres.push((cx, cy));
    }
    // Labels: for each point the first of a few places around it that
    // neither leaves the plot nor covers another label or marker.
    let mut taken: Vec<Boxed> = centres
        .iter()
        .map(|(cx, cy)| (cx - 7.0, cy - 7.0, cx + 7.0, cy + 7.0))
        .collect();
    if show_budget {
        // The budget line's own label (12 px).
        let bw = text_width(lang.t("budget")) * 12.0 / 11.0;
        taken.push((bx + 4.0, top + 1.0, bx + 4.0 + bw, top + 15.0));
    } else {
        // "Budget 3,0 mnkr →" at the top right.
        let bw = text_width(&budget_note) * 12.0 / 11.0;
        taken.push((w - right - bw, top + 1.0, w - right, top + 15.0));
    }
    let mut labels = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let (cx, cy) = centres[i];
        let text = if p.over_budget {
            format!("{} !", p.label)
        } else {
            p.label.clone()
        };
        let lw = text_width(&text);
        let r = 8.0;
        let candidates = [
            (cx + r, cy + 4.0),
            (cx - r - lw, cy + 4.0),
            (cx - lw / 2.0, cy - r - 2.0),
            (cx - lw / 2.0, cy + r + 11.0),
            (cx + r, cy - 10.0),
            (cx + r, cy + 18.0),
            (cx - r - lw, cy - 10.0),
            (cx - r - lw, cy + 18.0),
            (cx - lw / 2.0, cy - r - 16.0),
            (cx - lw / 2.0, cy + r + 25.0),
        ];
        // A label with no free place is left out; the point's tooltip and
        // the table still name the scenario.
        let bounds = (left, top - 8.0, w - 2.0, top + plot_h);
        labels.push(first_free(&candidates, lw, bounds, &mut taken).map(|at| (at, text)));
    }
    // Dominated first, so that the Pareto points are drawn on top.
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by_key(|i| points[*i].pareto);
    for i in order {
        let p = &points[i];
        let (cx, cy) = centres[i];
        let (r, fill, stroke, weight) = if p.pareto {
            (7.0, "#c8642b", "#7a3a14", "bold")
        } else if p.over_budget {
            (6.0, "#fde8eb", "#b00020", "normal")
        } else {
            (5.0, "#fff", "#555", "normal")
        };
        let title = esc(&format!(
            "{}: {} {}, {} %{}",
            p.label,
            lang.int(p.cost),
            lang.t("sek"),
            lang.dec(p.reach * 100.0, 1),
            if p.over_budget {
                format!(" – {}", lang.t("over_budget"))
            } else {
                String::new()
            }
        ));
        let class = if p.pareto {
            " pareto"
        } else if p.over_budget {
            " over"
        } else {
            ""
        };
        if p.over_budget {
            let _ = write!(
                s,
                r#"<path class="point{class}" d="M{cx:.1} {:.1} L{:.1} {cy:.1} L{cx:.1} {:.1} L{:.1} {cy:.1} Z" fill="{fill}" stroke="{stroke}" stroke-width="2"><title>{title}</title></path>"#,
                cy - r - 1.0,
                cx + r + 1.0,
                cy + r + 1.0,
                cx - r - 1.0,
            );
        } else {
            let _ = write!(
                s,
                r#"<circle class="point{class}" cx="{cx:.1}" cy="{cy:.1}" r="{r}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"><title>{title}</title></circle>"#,
            );
        }
        if let Some(((tx, ty), text)) = &labels[i] {
            let _ = write!(
                s,
                r##"<text class="label" x="{tx:.1}" y="{ty:.1}" font-size="11" font-weight="{weight}" fill="{}">{}</text>"##,
                if p.over_budget { "#b00020" } else { "#222" },
                esc(text)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// A place on the map: an area (circle by population) or an office.
pub struct MapArea {
    pub name: String,
    pub population: u32,
    pub lat: f64,
    pub lon: f64,
}

/// An office on the map, open or not in the scenario's plan.
pub struct MapOffice {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub open: bool,
}

/// The common extent of every map of a batch, so that they compare.
#[derive(Debug, Clone, Copy)]
pub struct MapExtent {
    pub lat: (f64, f64),
    pub lon: (f64, f64),
    /// The largest population, for the circle sizes.
    pub max_population: u32,
}

impl MapExtent {
    /// The extent of these places, with a margin of `margin_km` around them.
    pub fn around(places: &[(f64, f64)], max_population: u32, margin_km: f64) -> MapExtent {
        let lat0 = places.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
        let lat1 = places.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
        let lon0 = places.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        let lon1 = places.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        if !lat0.is_finite() {
            return MapExtent {
                lat: (0.0, 1.0),
                lon: (0.0, 1.0),
                max_population: max_population.max(1),
            };
        }
        let mid = (lat0 + lat1) / 2.0;
        let dlat = margin_km / 111.2;
        let dlon = margin_km / (111.2 * mid.to_radians().cos().max(0.1));
        MapExtent {
            lat: (lat0 - dlat, lat1 + dlat),
            lon: (lon0 - dlon, lon1 + dlon),
            max_population: max_population.max(1),
        }
    }
}

/// A map-like plot of one scenario: areas as circles sized by population
/// (area ∝ inhabitants), offices as squares (filled: open, hollow: not
/// open) and a dashed circle of `radius_km` straight-line km around each
/// open office. Equirectangular, east–west scaled by cos(latitude), north up.
pub fn area_map(
    title: &str,
    areas: &[MapArea],
    offices: &[MapOffice],
    extent: &MapExtent,
    radius_km: f64,
    lang: Lang,
) -> String {
    let size = 300.0;
    let pad = 8.0;
    let mid = (extent.lat.0 + extent.lat.1) / 2.0;
    let km_x = (extent.lon.1 - extent.lon.0) * 111.2 * mid.to_radians().cos().max(0.1);
    let km_y = (extent.lat.1 - extent.lat.0) * 111.2;
    let px_per_km = (size - 2.0 * pad) / km_x.max(km_y).max(1e-6);
    let (w, h) = (
        (km_x * px_per_km + 2.0 * pad).round(),
        (km_y * px_per_km + 2.0 * pad).round(),
    );
    let px = |lat: f64, lon: f64| {
        (
            pad + (lon - extent.lon.0) * 111.2 * mid.to_radians().cos().max(0.1) * px_per_km,
            pad + (extent.lat.1 - lat) * 111.2 * px_per_km,
        )
    };
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}" class="map"><rect x="0" y="0" width="{w}" height="{h}" fill="#f3f7f9" stroke="#c9d1d6"/>"##,
        esc(&format!("{} – {}", lang.t("map"), title))
    );
    s.push_str(r#"<g class="reach">"#);
    for o in offices.iter().filter(|o| o.open) {
        let (cx, cy) = px(o.lat, o.lon);
        let _ = write!(
            s,
            r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="{:.1}" fill="#c8642b" fill-opacity="0.08" stroke="#c8642b" stroke-width="1" stroke-dasharray="4 3"/>"##,
            radius_km * px_per_km
        );
    }
    s.push_str(r#"</g><g class="areas">"#);
    for a in areas {
        let (cx, cy) = px(a.lat, a.lon);
        let r = 3.0 + 15.0 * (a.population as f64 / extent.max_population as f64).sqrt();
        let _ = write!(
            s,
            r##"<circle class="area" cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="#1f5f7a" fill-opacity="0.35" stroke="#1f5f7a" stroke-width="1"><title>{}</title></circle>"##,
            esc(&format!(
                "{}: {} {}",
                a.name,
                lang.int(a.population as f64),
                lang.t("inhabitants")
            ))
        );
    }
    s.push_str(r#"</g><g class="offices">"#);
    for o in offices {
        let (cx, cy) = px(o.lat, o.lon);
        let (class, fill, state) = if o.open {
            ("office open", "#c8642b", lang.t("office_open"))
        } else {
            ("office closed", "#ffffff", lang.t("office_closed"))
        };
        let _ = write!(
            s,
            r##"<rect class="{class}" x="{:.1}" y="{:.1}" width="9" height="9" fill="{fill}" stroke="#5a2a0e" stroke-width="1.5"><title>{}</title></rect>"##,
            cx - 4.5,
            cy - 4.5,
            esc(&format!("{}: {}", o.name, state))
        );
    }
    s.push_str("</g>");
    // Office names on the map itself (readable on paper), open offices
    // first; a name that would cover another is left to its tooltip.
    let mut taken: Vec<Boxed> = offices
        .iter()
        .map(|o| {
            let (cx, cy) = px(o.lat, o.lon);
            (cx - 5.0, cy - 5.0, cx + 5.0, cy + 5.0)
        })
        .collect();
    taken.push((0.0, h - pad - 16.0, pad + 10.0 * px_per_km + 30.0, h));
    // The north arrow ("N ↑", 11 px, top right).
    taken.push((w - pad - 24.0, pad, w, pad + 14.0));
    let mut named: Vec<&MapOffice> = offices.iter().collect();
    named.sort_by_key(|o| !o.open);
    s.push_str(r#"<g class="names">"#);
    for o in named {
        let (cx, cy) = px(o.lat, o.lon);
        let lw = o.name.chars().count() as f64 * 5.3;
        if let Some((tx, ty)) =
            place_label((cx, cy, 5.0), lw, (1.0, 1.0, w - 1.0, h - 1.0), &mut taken)
        {
            let _ = write!(
                s,
                r##"<text class="label" x="{tx:.1}" y="{ty:.1}" font-size="9" fill="{}">{}</text>"##,
                if o.open { "#3d1c08" } else { "#666" },
                esc(&o.name)
            );
        }
    }
    s.push_str("</g>");
    // Scale bar: 10 km.
    let bar = 10.0 * px_per_km;
    let _ = write!(
        s,
        r##"<line x1="{pad}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#333" stroke-width="2"/><text x="{pad}" y="{:.1}" font-size="10" fill="#333">10 km</text><text x="{:.1}" y="{:.1}" font-size="11" fill="#333" text-anchor="end">N ↑</text></svg>"##,
        h - pad,
        pad + bar,
        h - pad,
        h - pad - 4.0,
        w - pad,
        pad + 10.0
    );
    s
}

/// One line of [`line_chart`]: a label, a colour, a dash pattern ("" for a
/// solid line) and one value per x label (`None`: no point there).
pub struct Line {
    pub label: String,
    pub colour: &'static str,
    pub dash: &'static str,
    pub values: Vec<Option<f64>>,
}

/// Lines over labelled months, y axis in mnkr: the follow-up's cumulative
/// actual, budget and plan. Every x label is drawn; when they would crowd,
/// only every k-th is, so labels never overlap.
pub fn line_chart(title: &str, x_labels: &[String], lines: &[Line], lang: Lang) -> String {
    let (w, h) = (900.0, 340.0);
    let (left, right, top, bottom) = (64.0, 16.0, 48.0, 40.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let max = lines
        .iter()
        .flat_map(|l| l.values.iter().flatten().copied())
        .fold(0.0f64, f64::max)
        .max(1.0);
    let step = nice_step(max, 5.0);
    let top_value = (max / step).ceil() * step;
    let y = |v: f64| top + plot_h - v.max(0.0) / top_value * plot_h;
    let n = x_labels.len().max(1);
    let dx = plot_w / n as f64;
    let x = |i: usize| left + dx * (i as f64 + 0.5);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{}" class="chart">"#,
        esc(title)
    );
    let mut v = 0.0;
    while v <= top_value + 0.5 {
        let yy = y(v);
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{yy:.1}" x2="{}" y2="{yy:.1}" stroke="#d5dbe0" stroke-width="1"/><text x="{}" y="{:.1}" text-anchor="end" font-size="12" fill="#333">{}</text>"##,
            w - right,
            left - 6.0,
            yy + 4.0,
            esc(&lang.dec(v / 1e6, if step < 1e5 { 2 } else { 1 }))
        );
        v += step;
    }
    let _ = write!(
        s,
        r##"<text x="12" y="{:.1}" font-size="12" fill="#333" transform="rotate(-90 12 {:.1})" text-anchor="middle">{}</text>"##,
        top + plot_h / 2.0,
        top + plot_h / 2.0,
        esc(lang.t("mnkr"))
    );
    // Legend, one entry per line, 200 px apart.
    for (k, l) in lines.iter().enumerate() {
        let lx = left + 200.0 * k as f64;
        let _ = write!(
            s,
            r##"<line x1="{lx}" y1="19" x2="{}" y2="19" stroke="{}" stroke-width="3" stroke-dasharray="{}"/><text x="{}" y="24" font-size="13" fill="#222">{}</text>"##,
            lx + 24.0,
            l.colour,
            l.dash,
            lx + 30.0,
            esc(&l.label)
        );
    }
    // Every k-th x label, k chosen so that labels (about 60 px) never touch.
    let every = ((60.0 / dx).ceil() as usize).max(1);
    for (i, label) in x_labels.iter().enumerate() {
        if i % every == 0 {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#222" text-anchor="middle">{}</text>"##,
                x(i),
                h - bottom + 18.0,
                esc(label)
            );
        }
    }
    for l in lines {
        // A gap (`None`) breaks the line: nothing is drawn across it.
        let mut path = String::new();
        for (i, v) in l.values.iter().enumerate() {
            if let Some(v) = v {
                let after_gap = i == 0 || l.values[i - 1].is_none();
                let cmd = if after_gap { 'M' } else { 'L' };
                let _ = write!(path, "{cmd}{:.1} {:.1} ", x(i), y(*v));
            }
        }
        if path.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            r#"<path d="{}" fill="none" stroke="{}" stroke-width="2.5" stroke-dasharray="{}"/>"#,
            path.trim_end(),
            l.colour,
            l.dash
        );
        for (i, v) in l.values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{}"><title>{} {}: {} {}</title></circle>"#,
                    x(i),
                    y(*v),
                    l.colour,
                    esc(&l.label),
                    esc(&x_labels[i]),
                    lang.int(*v),
                    lang.t("sek")
                );
            }
        }
    }
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{:.1}" x2="{}" y2="{:.1}" stroke="#555" stroke-width="1"/></svg>"##,
        top + plot_h,
        w - right,
        top + plot_h
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(2_100_000.0, 5.0), 500_000.0);
        assert_eq!(nice_step(900_000.0, 5.0), 200_000.0);
        assert_eq!(nice_step(0.0, 5.0), 1.0);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        let svg = cost_chart(
            &[CostGroup {
                label: "2025 <x>".into(),
                values: vec![(1.0, 2.0)],
            }],
            &["staff"],
            Lang::En,
        );
        assert!(svg.contains("2025 &lt;x&gt;") && !svg.contains("<x>"));
    }
}
