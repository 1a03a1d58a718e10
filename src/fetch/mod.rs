//! The network layer: the only code that talks to the outside world.

pub mod feed;
