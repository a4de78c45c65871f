// Bootstrap: replaced by the output of scripts/gen-weights.sh.
pub type WeightInfo<T> = pallet_membership::weights::SubstrateWeight<T>;
