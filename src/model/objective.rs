//! The objective's cost terms (the hierarchy of docs/domain.md, Models: missing openings, then
//! cost, then fairness and preferences; the soft families add their own).

use super::Model;

pub(super) fn add(m: &mut Model) {
    let s = m.scenario;
    let w = &s.weights;
    for v in m.missing.values() {
        m.lp.cost(w.missing_opening, *v);
    }
    let rate = s.costs.mileage_sek_per_km;
    for i in 0..m.cells.len() {
        let c = &m.cells[i];
        let coef = w.staff_minute * c.paid as f64 + w.mileage_sek * rate * c.km;
        let v = c.var;
        m.lp.cost(coef, v);
    }
}
