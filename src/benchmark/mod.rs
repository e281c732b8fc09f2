//! The public benchmarks as front ends of the cores: read an instance
//! file, solve it, check the result independently, write it. The
//! rostering core's (`serviceplan roster`, [`roster`]) and the location
//! core's (`serviceplan facility`, [`facility`]).

pub mod facility;
pub mod roster;
