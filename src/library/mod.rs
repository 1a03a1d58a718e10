//! The store: the only layer that touches the disk.

pub mod packed;
pub mod speakers;
