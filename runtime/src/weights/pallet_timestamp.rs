// Bootstrap: replaced by the output of scripts/gen-weights.sh.
pub type WeightInfo<T> = pallet_timestamp::weights::SubstrateWeight<T>;
