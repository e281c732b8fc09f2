//! Which neighbourhood next, and how large.
//!
//! Neighbourhoods differ a hundredfold in time (a sub-MIP over a few days:
//! 0.05 s; fix-and-price over a year: 2 s), so a choice weighted per run
//! would give the slow ones most of the time whatever they achieve.
//! [`Adaptive`] weights each by its recent gain per second instead, where
//! a gain is an improvement's relative size in units of the mean
//! improvement so far.

/// One neighbourhood's record: totals for the log, and recent gains and
/// seconds (each run discounts its own earlier ones by [`RECORD_DECAY`])
/// that give its selection weight.
#[derive(Debug, Default, Clone, Copy)]
pub struct Record {
    pub runs: usize,
    pub wins: usize,
    pub secs: f64,
    pub recent_gain: f64,
    pub recent_secs: f64,
    /// Not available (e.g. fix-and-price without a column pool).
    pub off: bool,
}

/// Weight of a run in a neighbourhood's record, relative to the next.
pub const RECORD_DECAY: f64 = 0.9;

impl Record {
    /// Gain per second, with a prior of half a mean improvement in one
    /// second so that every neighbourhood is tried and none is written off.
    pub fn weight(&self) -> f64 {
        if self.off {
            0.0
        } else {
            (self.recent_gain + 0.5) / (self.recent_secs + 1.0)
        }
    }

    fn add(&mut self, improved: bool, gain: f64, secs: f64) {
        self.runs += 1;
        self.wins += usize::from(improved);
        self.secs += secs;
        self.recent_gain = RECORD_DECAY * self.recent_gain + gain;
        self.recent_secs = RECORD_DECAY * self.recent_secs + secs;
    }
}

/// The adaptive choice among `N` neighbourhoods.
#[derive(Debug, Clone, Copy)]
pub struct Adaptive<const N: usize> {
    pub record: [Record; N],
    /// Mean relative size of the improvements so far (the unit of gains).
    pub mean_gain: f64,
}

impl<const N: usize> Default for Adaptive<N> {
    fn default() -> Self {
        Adaptive {
            record: [Record::default(); N],
            mean_gain: 0.0,
        }
    }
}

impl<const N: usize> Adaptive<N> {
    /// The next neighbourhood: drawn with probability proportional to its
    /// weight (gain per second).
    pub fn pick(&self, rng: &mut super::Rng) -> usize {
        let weights = self.record.map(|r| r.weight());
        let sum: f64 = weights.iter().sum();
        let mut pick = rng.unit() * sum;
        for (i, w) in weights.iter().enumerate() {
            if pick < *w {
                return i;
            }
            pick -= w;
        }
        0
    }

    /// Records a run of neighbourhood `h` that took `secs` and, when it
    /// `improved` the incumbent, moved the objective (minimised) from
    /// `before` to `after`.
    pub fn add(&mut self, h: usize, improved: bool, before: f64, after: f64, secs: f64) {
        let mut gain = 0.0;
        if improved {
            let g = ((before - after) / before.abs().max(1.0)).max(0.0);
            let wins = 1 + self.record.iter().map(|r| r.wins).sum::<usize>();
            self.mean_gain += (g - self.mean_gain) / wins as f64;
            gain = if self.mean_gain > 0.0 {
                g / self.mean_gain
            } else {
                1.0
            };
        }
        self.record[h].add(improved, gain, secs);
    }

    /// "name wins/runs in secs" for each neighbourhood that ran.
    pub fn summary(&self, names: &[String; N]) -> String {
        names
            .iter()
            .zip(&self.record)
            .filter(|(_, r)| r.runs > 0)
            .map(|(h, r)| format!("{h} {}/{} in {:.1}s", r.wins, r.runs, r.secs))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The size of the next neighbourhood: larger while sub-MIPs of the
/// current size solve quickly, smaller when they do not solve in time.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub target: usize,
    pub min: usize,
    pub max: usize,
}

impl Size {
    /// After a sub-MIP: `solved` to optimality in `secs`; `cut_short` when
    /// the deadline, not the neighbourhood, ended it (then it says nothing).
    pub fn adapt(&mut self, solved: bool, secs: f64, cut_short: bool) {
        if solved && secs < 1.0 {
            self.target = (self.target as f64 * 1.08) as usize;
        } else if !solved && !cut_short {
            self.target = (self.target as f64 * 0.85) as usize;
        }
        self.target = self.target.clamp(self.min, self.max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gain_per_second_decides_and_sizes_follow_success() {
        let mut a: Adaptive<2> = Adaptive::default();
        // Neighbourhood 0 improves by 10 % in 0.1 s, 1 finds nothing in 2 s.
        for _ in 0..5 {
            a.add(0, true, 100.0, 90.0, 0.1);
            a.add(1, false, 100.0, 100.0, 2.0);
        }
        assert!(a.record[0].weight() > 5.0 * a.record[1].weight());
        let mut rng = crate::search::Rng::new(1);
        let zeros = (0..1000).filter(|_| a.pick(&mut rng) == 0).count();
        assert!(zeros > 800, "{zeros}");
        a.record[0].off = true;
        assert!((0..100).all(|_| a.pick(&mut rng) == 1));
        let mut s = Size {
            target: 100,
            min: 50,
            max: 120,
        };
        s.adapt(true, 0.5, false);
        assert_eq!(s.target, 108);
        s.adapt(true, 0.5, false);
        assert_eq!(s.target, 116);
        s.adapt(true, 0.5, false);
        assert_eq!(s.target, 120);
        s.adapt(false, 2.0, true);
        assert_eq!(s.target, 120);
        s.adapt(false, 2.0, false);
        assert_eq!(s.target, 102);
    }
}
