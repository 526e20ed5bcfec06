//! Provided-buffer rings (to be written).
