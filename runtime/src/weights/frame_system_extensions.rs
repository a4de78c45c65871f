// Bootstrap: replaced by the output of scripts/gen-weights.sh.
pub type WeightInfo<T> = frame_system::SubstrateExtensionsWeight<T>;
