//! placeholder until the inventory reader lands
