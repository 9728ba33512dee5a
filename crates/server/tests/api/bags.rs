//! Written by the bag/trace/events test author.
