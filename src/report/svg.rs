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
