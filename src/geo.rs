//! Distances: great-circle (haversine) km between WGS84 points, road km as a
//! factor × great-circle where no road figure is known (docs/domain.md, Facts: 1.3), and
//! distance matrices from coordinates or from a CSV file `from,to,km`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// Mean Earth radius in km, as every distance of a plan has used.
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// Road distance ≈ this factor × straight-line distance (docs/domain.md, Facts).
pub const DEFAULT_ROAD_FACTOR: f64 = 1.3;

/// A WGS84 point in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    pub const fn new(lat: f64, lon: f64) -> LatLon {
        LatLon { lat, lon }
    }
}

/// Great-circle distance in km (haversine formula).
pub fn great_circle_km(a: LatLon, b: LatLon) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// Estimated road distance: `factor` × great-circle km.
pub fn road_km(a: LatLon, b: LatLon, factor: f64) -> f64 {
    factor * great_circle_km(a, b)
}

/// Matrix `from × to` of estimated road km.
pub fn matrix_from_coords(from: &[LatLon], to: &[LatLon], factor: f64) -> Vec<Vec<f64>> {
    from.iter()
        .map(|&a| to.iter().map(|&b| road_km(a, b, factor)).collect())
        .collect()
}

/// An error in a distance CSV, naming the line.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixError {
    pub file: String,
    /// 1-based line (the header is line 1); `None` for a missing pair.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for MatrixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for MatrixError {}

/// Road distances given pair by pair (`from,to,km` CSV), symmetric: a pair
/// may be given in either direction, and the direction given explicitly wins.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pairs {
    km: BTreeMap<(String, String), f64>,
}

impl Pairs {
    /// The distance between two places, if the file gives it (0 for a place
    /// and itself).
    pub fn get(&self, a: &str, b: &str) -> Option<f64> {
        if a == b {
            return Some(0.0);
        }
        self.km
            .get(&(a.to_string(), b.to_string()))
            .or_else(|| self.km.get(&(b.to_string(), a.to_string())))
            .copied()
    }

    pub fn len(&self) -> usize {
        self.km.len()
    }

    pub fn is_empty(&self) -> bool {
        self.km.is_empty()
    }
}

/// The longest road distance a distance file may give, km: more than any
/// trip within a municipality, small enough to keep the model's numbers sane.
pub const MAX_KM: f64 = 2000.0;

/// Reads `from,to,km` rows between the `known` place ids. Unknown ids, bad
/// numbers and duplicates are errors naming the line.
pub fn read_pairs(file: &str, text: &str, known: &[&str]) -> Result<Pairs, MatrixError> {
    let err = |line: Option<usize>, message: String| MatrixError {
        file: file.to_string(),
        line,
        message,
    };
    let known: std::collections::HashSet<&str> = known.iter().copied().collect();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| err(Some(1), format!("cannot read the header: {e}")))?
        .clone();
    let cols: Vec<&str> = headers.iter().collect();
    if cols != ["from", "to", "km"] {
        return Err(err(
            Some(1),
            format!(
                "the first line must be the header `from,to,km`; found {} column(s): {}",
                cols.len(),
                cols.iter()
                    .map(|c| crate::input::excerpt(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let mut given: HashMap<(String, String), (f64, usize)> = HashMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            err(line, format!("cannot read the row: {e}"))
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.len() != 3 {
            return Err(err(
                Some(line),
                format!("expected 3 fields (from,to,km), found {}", rec.len()),
            ));
        }
        let (a, b, km) = (&rec[0], &rec[1], &rec[2]);
        for id in [a, b] {
            if !known.contains(id) {
                return Err(err(
                    Some(line),
                    format!("unknown place id {}", crate::input::excerpt(id)),
                ));
            }
        }
        let km: f64 = km.parse().map_err(|_| {
            err(
                Some(line),
                format!("km {} is not a number", crate::input::excerpt(km)),
            )
        })?;
        if !(km.is_finite() && (0.0..=MAX_KM).contains(&km)) {
            return Err(err(
                Some(line),
                format!("km is {km}; it must be a number of road km from 0 to {MAX_KM}"),
            ));
        }
        if let Some((_, first)) = given.insert((a.to_string(), b.to_string()), (km, line)) {
            return Err(err(
                Some(line),
                format!("the pair {a} → {b} is given twice (first on line {first})"),
            ));
        }
    }
    Ok(Pairs {
        km: given.into_iter().map(|(k, (km, _))| (k, km)).collect(),
    })
}

/// Reads a distance matrix `from × to` from CSV text with the header
/// `from,to,km`. A pair may be given in either direction (road distances are
/// taken as symmetric); the direction given explicitly wins. Unknown ids,
/// bad numbers, duplicates and missing pairs are errors naming the line or pair.
/// A pair whose two ids are the same place needs no row (0 km).
pub fn matrix_from_csv(
    file: &str,
    text: &str,
    from: &[&str],
    to: &[&str],
) -> Result<Vec<Vec<f64>>, MatrixError> {
    let known: Vec<&str> = from.iter().chain(to).copied().collect();
    let given = read_pairs(file, text, &known)?;
    let mut out = Vec::with_capacity(from.len());
    for &a in from {
        let mut row = Vec::with_capacity(to.len());
        for &b in to {
            match given.get(a, b) {
                Some(km) => row.push(km),
                None => {
                    return Err(MatrixError {
                        file: file.to_string(),
                        line: None,
                        message: format!("no distance for {a} → {b} (nor {b} → {a})"),
                    });
                }
            }
        }
        out.push(row);
    }
    Ok(out)
}
