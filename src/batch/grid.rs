//! Variations of a base scenario: named levers management asks about
//! (`offices`, `evenings`, `fte`, `evening_staff`, `cycle`) and any numeric
//! field of `[rules]`, `[weights]`, `[costs]` or `[travel]` by its dotted
//! path. A grid is the cartesian product of the values given.

use anyhow::{Result, anyhow, bail};

use crate::scenario::Scenario;

/// One lever with the values to try.
#[derive(Debug, Clone, PartialEq)]
pub struct Lever {
    pub name: String,
    pub values: Vec<f64>,
}

/// Parses `name=a,b,c` or `name=lo..hi` (whole steps) or `name=lo..hi:step`.
pub fn parse_lever(spec: &str) -> Result<Lever> {
    let (name, values) = spec.split_once('=').ok_or_else(|| {
        anyhow!(
            "`{spec}`: write NAME=VALUES, e.g. offices=4..8 or evenings=2,4 or fte=3.0..4.0:0.5"
        )
    })?;
    let name = name.trim().to_string();
    let values = values.trim();
    let list = if let Some((range, step)) = values.split_once("..") {
        let (hi, step) = match step.split_once(':') {
            Some((hi, step)) => (
                hi,
                step.parse::<f64>()
                    .map_err(|_| anyhow!("`{spec}`: step `{step}` is not a number"))?,
            ),
            None => (step, 1.0),
        };
        let lo: f64 = range
            .parse()
            .map_err(|_| anyhow!("`{spec}`: `{range}` is not a number"))?;
        let hi: f64 = hi
            .parse()
            .map_err(|_| anyhow!("`{spec}`: `{hi}` is not a number"))?;
        if !(lo.is_finite() && hi.is_finite() && step.is_finite()) {
            bail!("`{spec}`: the range's ends and step must be finite numbers");
        }
        if step <= 0.0 || hi < lo {
            bail!("`{spec}`: the range must run upwards with a positive step");
        }
        let steps = ((hi - lo) / step + 1e-9).floor();
        if steps >= 100.0 {
            bail!("`{spec}`: {} values; at most 100 per lever", steps + 1.0);
        }
        let n = steps as usize;
        (0..=n)
            .map(|i| ((lo + step * i as f64) * 1e9).round() / 1e9)
            .collect()
    } else {
        values
            .split(',')
            .map(|v| {
                v.trim()
                    .parse::<f64>()
                    .map_err(|_| anyhow!("`{spec}`: `{v}` is not a number"))
            })
            .collect::<Result<Vec<_>>>()?
    };
    if list.is_empty() {
        bail!("`{spec}`: no values");
    }
    if let Some(v) = list.iter().find(|v| !v.is_finite()) {
        bail!("`{spec}`: {v} is not a finite number");
    }
    if list.len() > 100 {
        bail!("`{spec}`: {} values; at most 100 per lever", list.len());
    }
    Ok(Lever { name, values: list })
}

fn fmt_value(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Applies one lever value to a scenario.
pub fn apply(s: &mut Scenario, name: &str, v: f64) -> Result<()> {
    match name {
        "offices" => {
            // keep the N offices in the most populous areas
            let n = v.round() as usize;
            let pop = |area: &str| {
                s.areas
                    .iter()
                    .find(|a| a.id == area)
                    .map(|a| a.population)
                    .unwrap_or(0)
            };
            let mut order: Vec<usize> = (0..s.offices.len())
                .filter(|&i| !s.offices[i].closed)
                .collect();
            if n == 0 || n > order.len() {
                bail!(
                    "offices={n}: the base scenario has {} open offices",
                    order.len()
                );
            }
            order.sort_by_key(|&i| (std::cmp::Reverse(pop(&s.offices[i].area)), i));
            for &i in &order[n..] {
                s.offices[i].closed = true;
            }
        }
        "evenings" => s.rules.min_evenings_per_month = v.round() as u32,
        "evening_staff" => s.rules.staff_per_opening.evening = v.round() as u32,
        "cycle" => s.rules.cycle_weeks = v.round() as u32,
        "fte" => {
            // scale every post to reach the total, capped at full time; add posts if needed
            let total: f64 = s.staff.iter().map(|x| x.fte).sum();
            if total <= 0.0 || v <= 0.0 {
                bail!("fte={v}: needs staff in the base scenario and a positive total");
            }
            if v > 1000.0 {
                bail!("fte={v}: at most 1000 full-time posts");
            }
            let factor = v / total;
            for x in &mut s.staff {
                x.fte = ((x.fte * factor).min(1.0) * 100.0).round() / 100.0;
            }
            let mut missing = v - s.staff.iter().map(|x| x.fte).sum::<f64>();
            let template = s.staff[0].clone();
            let mut k = 1;
            while missing > 0.01 {
                let fte = missing.min(1.0);
                let mut extra = template.clone();
                extra.id = format!("extra{k}");
                extra.name = format!("Ny tjänst {k}");
                extra.fte = (fte * 100.0).round() / 100.0;
                extra.absences.clear();
                extra.skills.clear();
                s.staff.push(extra);
                missing -= fte;
                k += 1;
            }
        }
        path => set_path(s, path, v)?,
    }
    Ok(())
}

fn set_path(s: &mut Scenario, path: &str, v: f64) -> Result<()> {
    let (section, field) = path.split_once('.').ok_or_else(|| {
        anyhow!("unknown lever `{path}`: use offices, evenings, evening_staff, cycle, fte, or a dotted path such as rules.max_consecutive_days")
    })?;
    macro_rules! via_toml {
        ($target:expr) => {{
            let mut t = toml::Value::try_from(&$target)?;
            let table = t
                .as_table_mut()
                .ok_or_else(|| anyhow!("{section} is not a table"))?;
            let old = table
                .get(field)
                .ok_or_else(|| anyhow!("unknown field `{path}`"))?;
            let new = match old {
                toml::Value::Integer(_) => toml::Value::Integer(v.round() as i64),
                toml::Value::Float(_) => toml::Value::Float(v),
                _ => bail!("`{path}` is not a number"),
            };
            table.insert(field.to_string(), new);
            $target = t.try_into()?;
        }};
    }
    match section {
        "rules" => via_toml!(s.rules),
        "weights" => via_toml!(s.weights),
        "costs" => via_toml!(s.costs),
        "travel" => via_toml!(s.travel),
        _ => bail!(
            "unknown lever `{path}`: dotted paths start with rules., weights., costs. or travel."
        ),
    }
    Ok(())
}

/// Names variant `t` of `parent` with lever value `v`:
/// `<parent>-<lever><value>`, titled after `base_title`.
fn name_variant(t: &mut Scenario, parent: &str, base_title: &str, lever: &Lever, v: f64) {
    let short = lever.name.rsplit('.').next().unwrap_or(&lever.name);
    t.name = format!("{}-{}{}", parent, short, fmt_value(v));
    t.title = format!("{} ({}={})", base_title, lever.name, fmt_value(v));
}

/// Like [`expand`], but a variant that cannot be built (e.g. `offices=8`
/// when the base has 7) is kept with the reason instead of failing the whole
/// grid, so that a batch reports it as a row while the others are planned.
pub fn expand_variants(base: &Scenario, levers: &[Lever]) -> Vec<(Scenario, Option<String>)> {
    let mut out = vec![(base.clone(), None)];
    for lever in levers {
        let mut next = Vec::new();
        for (s, why) in &out {
            for &v in &lever.values {
                let mut t = s.clone();
                let mut why = why.clone();
                if why.is_none()
                    && let Err(e) = apply(&mut t, &lever.name, v)
                {
                    why = Some(format!("{e:#}"));
                }
                name_variant(&mut t, &s.name, &base.title, lever, v);
                next.push((t, why));
            }
        }
        out = next;
    }
    // A variant is a scenario: it keeps every range `check` holds (once
    // all its levers are set).
    for (t, why) in out.iter_mut().filter(|(_, why)| why.is_none()) {
        let problems = crate::scenario::validate::validate(t);
        if !problems.is_empty() {
            let msgs: Vec<String> = problems
                .iter()
                .map(|d| format!("{}: {}", d.field, d.message))
                .collect();
            *why = Some(msgs.join("; "));
        }
    }
    out
}

/// Every combination of the levers' values applied to `base`, named
/// `<base>-<lever><value>-...`, in a fixed order; the first variant that
/// cannot be built is an error.
pub fn expand(base: &Scenario, levers: &[Lever]) -> Result<Vec<Scenario>> {
    let mut out = vec![base.clone()];
    for lever in levers {
        let mut next = Vec::new();
        for s in &out {
            for &v in &lever.values {
                let mut t = s.clone();
                apply(&mut t, &lever.name, v)?;
                name_variant(&mut t, &s.name, &base.title, lever, v);
                next.push(t);
            }
        }
        out = next;
    }
    Ok(out)
}
